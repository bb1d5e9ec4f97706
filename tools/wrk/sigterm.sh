#!/usr/bin/env bash
# SIGTERM under load: 200 kept-alive wrk clients post questions for 8 s to a fresh `bot serve`,
# which gets SIGTERM after 4 s. wrk's "read" errors are requests sent that got no reply; its
# "write" and "connect" errors, the connections refused once the server is gone.
# Usage: tools/wrk/sigterm.sh ./bot   (needs wrk and curl: apt-get install wrk curl)
set -euo pipefail
bot=${1:-./bot}
here=$(cd "$(dirname "$0")" && pwd)
port=$((20000 + RANDOM % 20000))
BOT_RATE_LIMIT=0 "$bot" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
(sleep 4; kill -TERM "$pid") &
wrk -t2 -c200 -d8s -s "$here/post.lua" "http://127.0.0.1:$port/v1/ask" | grep -E "requests in|Socket errors|Non-2xx" || true
wait "$pid" 2>/dev/null || true
