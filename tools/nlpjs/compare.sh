#!/usr/bin/env bash
# Times nlp.js (trained on the bot's own example questions) and the bot on the same questions, in
# one run on this machine: the questions of answers/testdata/*.jsonl, one at a time.
# usage: tools/nlpjs/compare.sh   (needs Node.js and npm; installs node-nlp here)
set -euo pipefail
cd "$(dirname "$0")"
root=../..
[ -d node_modules/node-nlp ] || npm install --silent --no-audit --no-fund >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/bot" ./cmd/bot)
"$tmp/bot" intents --json > "$tmp/intents.json"
cat "$root"/answers/testdata/*.jsonl > "$tmp/questions.jsonl"
echo "== nlp.js (node-nlp $(node -e "console.log(require('node-nlp/package.json').version)")): per question, after training"
node bench.js "$tmp/intents.json" "$tmp/questions.jsonl"
echo "== the bot: per question, indexes built (go test -bench AnswerSets)"
(cd "$root" && go test ./answers -run XXX -bench AnswerSets -benchtime 3s | grep ^Benchmark)
