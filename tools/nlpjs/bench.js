// nlp.js trained on the bot's example questions (bot intents --json), then timed answering a
// question set, one question at a time, in one process.
// usage: node bench.js intents.json questions.jsonl
const fs = require('fs');
const train = require('./train');
const qs = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
(async () => {
  const t0 = process.hrtime.bigint();
  const m = await train(process.argv[2]);
  const t1 = process.hrtime.bigint();
  const times = [];
  let answered = 0;
  for (const q of qs) {
    const s = process.hrtime.bigint();
    const r = await m.process(q.q);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (r.intent && r.intent !== 'None') answered++;
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(JSON.stringify({ questions: qs.length, train_ms: Number(t1 - t0) / 1e6, mean_ms: mean,
    p50_ms: times[Math.floor(times.length * 0.5)], p99_ms: times[Math.floor(times.length * 0.99)], answered }));
})();
