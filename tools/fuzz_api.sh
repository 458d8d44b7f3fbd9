#!/usr/bin/env bash
# API fuzzing: schemathesis (from PyPI, in a virtualenv) generates requests from
# /openapi.json against `steppe serve` on the demo store; any 5xx answer fails
# the run. Loopback only; bounded by the number of examples per operation.
#
# usage: tools/fuzz_api.sh [STEPPE_BIN] [EXAMPLES_PER_OPERATION]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/steppe}
examples=${2:-300}
venv=${STEPPE_FUZZ_VENV:-target/fuzz-venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q schemathesis
fi
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" demo --db "$tmp/demo.db" >/dev/null 2>&1 || true
"$bin" serve --db "$tmp/demo.db" --addr "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.2
done
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
  --checks not_a_server_error --max-examples "$examples" --workers 2
# The server must still be up after everything it was sent.
curl -sf "http://127.0.0.1:$port/api/health" >/dev/null
echo "fuzz: server still answering"
