// nlp.js trained on the bot's example questions (bot intents --json), answering in the bot's
// batch format (one question a line in, one JSON object a line out), so that
// ../../shared/eval/score.py can score it beside the bot with --no-citations.
// usage: node ask.js intents.json < questions.txt
const { NlpManager } = require('node-nlp');
const fs = require('fs');
const readline = require('readline');
const intents = JSON.parse(fs.readFileSync(process.argv[2]));
(async () => {
  const m = new NlpManager({ languages: ['fr', 'en'], forceNER: false, nlu: { log: false }, autoSave: false });
  for (const it of intents) {
    for (const p of it.phrases.fr) m.addDocument('fr', p, it.id);
    for (const p of it.phrases.en) m.addDocument('en', p, it.id);
    m.addAnswer('fr', it.id, it.answer.fr); m.addAnswer('en', it.id, it.answer.en);
  }
  await m.train();
  const rl = readline.createInterface({ input: process.stdin });
  for await (const q of rl) {
    const r = await m.process(q);
    const answered = !!(r.intent && r.intent !== 'None' && r.answer);
    console.log(JSON.stringify({ question: q, lang: r.locale || 'en', answered, intent: r.intent,
      confidence: r.score, text: answered ? r.answer : '', citations: [] }));
  }
})();
