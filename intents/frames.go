package intents

import (
	"github.com/nmi-factbot/nmibot/knowledge"
)

// bits is a set of small numbers: entities or attributes, numbered when the matcher is built, so
// that weighing an intent against a question's frame tests bits, not maps.
type bits []uint64

func newBits(n int) bits { return make(bits, (n+63)/64) }

func (b bits) set(i int) {
	if i >= 0 {
		b[i/64] |= 1 << (i % 64)
	}
}

func (b bits) has(i int) bool { return i >= 0 && b[i/64]&(1<<(i%64)) != 0 }

// meets reports whether b and c share a member.
func (b bits) meets(c bits) bool {
	for i := range b {
		if b[i]&c[i] != 0 {
			return true
		}
	}
	return false
}

// within reports whether every member of b is in c.
func (b bits) within(c bits) bool {
	for i := range b {
		if b[i]&^c[i] != 0 {
			return false
		}
	}
	return true
}

// typeBit is the bit of an answer type in a frame's types.
func typeBit(t knowledge.AnswerType) uint8 {
	for i, x := range knowledge.AnswerTypes {
		if x == t {
			return 1 << i
		}
	}
	return 0
}

// compiledFrame is an intent's frame, in bits.
type compiledFrame struct {
	about, gives bits
	first        int   // its main subject, or -1
	types        uint8 // bits of typeBit; a description is always held
	mission      bool  // it is about a mission: what it says of NATO is of the mission
}

// numbering gives entities and attributes their numbers.
type numbering struct {
	entity, attr map[string]int
}

// entityID is an entity's number, or -1 for one not numbered.
func (n numbering) entityID(id string) int {
	if i, ok := n.entity[id]; ok {
		return i
	}
	return -1
}

// attrID is an attribute's number, or -1 for one not numbered.
func (n numbering) attrID(id string) int {
	if i, ok := n.attr[id]; ok {
		return i
	}
	return -1
}

func (n numbering) entityBits(ids []string) bits {
	b := newBits(len(n.entity))
	for _, id := range ids {
		b.set(n.entityID(id))
	}
	return b
}

func (n numbering) attrBits(ids []string) bits {
	b := newBits(len(n.attr))
	for _, id := range ids {
		b.set(n.attrID(id))
	}
	return b
}

func (n numbering) compile(fr knowledge.Frame) compiledFrame {
	c := compiledFrame{about: n.entityBits(fr.About), gives: n.attrBits(fr.Gives), first: -1, types: typeBit(knowledge.TypeDescription)}
	if len(fr.About) > 0 {
		c.first = n.entityID(fr.About[0])
	}
	for _, t := range fr.Types {
		c.types |= typeBit(t)
	}
	return c
}

// asked is a question's frame, in bits, as fit weighs intents against it.
type asked struct {
	subjects bits // the entities it is about, those it implies included
	named    bits // the entities it is about that are not NATO or Iraq: what an intent must name
	generic  bool // it names only NATO or Iraq
	topic    bool // it names the topic of every fact (Iraq)
	any      bool // it names no entity
	attrs    []int
	focus    bits
	roles    bits // its attributes that are roles, which an intent's words never give
	many     bool // it asks more than one attribute
	yesNo    bool // it asks whether: each attribute it names is put forward
	typ      uint8
}

func (m *Matcher) compileAsked(f *Frame) asked {
	a := asked{subjects: m.num.entityBits(append(append([]string(nil), f.Subjects...), f.Implied...)),
		named: newBits(len(m.num.entity)), focus: m.num.attrBits(f.Focus), roles: newBits(len(m.num.attr)),
		any: len(f.Subjects) == 0, many: len(f.Attributes) > 1, yesNo: f.YesNo}
	if len(f.Subjects) > 0 {
		a.generic = m.generic[f.Subjects[0]]
	}
	for _, s := range f.Subjects {
		a.topic = a.topic || m.topics[s]
		// What an anaphora means ("la mission" of 2004 is NTM-I) the intent's text need not
		// name.
		if !m.generic[s] && !contains(f.anaphoric, s) {
			a.named.set(m.num.entityID(s))
		}
	}
	for _, id := range f.Attributes {
		i := m.num.attrID(id)
		a.attrs = append(a.attrs, i)
		if m.roles[id] {
			a.roles.set(i)
		}
	}
	if f.Type != "" {
		a.typ = typeBit(f.Type)
	}
	return a
}
