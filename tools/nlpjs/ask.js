// nlp.js trained on the bot's example questions (bot intents --json), answering in the bot's
// batch format (one question a line in, one JSON object a line out), so that
// ../../shared/eval/score.py can score it beside the bot with --no-citations.
// usage: node ask.js intents.json < questions.txt
const readline = require('readline');
const train = require('./train');
(async () => {
  const m = await train(process.argv[2]);
  const rl = readline.createInterface({ input: process.stdin });
  for await (const q of rl) {
    const r = await m.process(q);
    const answered = !!(r.intent && r.intent !== 'None' && r.answer);
    console.log(JSON.stringify({ question: q, lang: r.locale || 'en', answered, intent: r.intent,
      confidence: r.score, text: answered ? r.answer : '', citations: [] }));
  }
})();
