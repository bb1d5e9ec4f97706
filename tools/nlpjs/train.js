// Trains nlp.js on the bot's example questions (the output of `bot intents --json`), the same way
// for the timing (bench.js) and the scoring (ask.js).
const { NlpManager } = require('node-nlp');
const fs = require('fs');

module.exports = async function train(intentsFile) {
  const intents = JSON.parse(fs.readFileSync(intentsFile));
  const m = new NlpManager({ languages: ['fr', 'en'], forceNER: false, nlu: { log: false }, autoSave: false });
  for (const it of intents) {
    for (const p of it.phrases.fr) m.addDocument('fr', p, it.id);
    for (const p of it.phrases.en) m.addDocument('en', p, it.id);
    m.addAnswer('fr', it.id, it.answer.fr); m.addAnswer('en', it.id, it.answer.en);
  }
  await m.train();
  return m;
};
