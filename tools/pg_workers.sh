#!/usr/bin/env bash
# Many workers into one PostgreSQL store: for each worker count, a fresh
# schema, the corpus queued in chunks, N `steppe worker` processes at once;
# prints articles/s, then checks that every article is stored once. With
# KILL=1 the first worker is killed with SIGKILL midway and the others must
# take its chunk over when its lease runs out.
#
# Usage: tools/pg_workers.sh STEPPE_BIN CORPUS.jsonl PG_URL [COUNTS] [WORKER_ARGS]
#   COUNTS       worker counts to run, default "1 2 4"
#   WORKER_ARGS  extra flags for `steppe worker`, e.g. "--no-analysis"
#   env KILL=1   kill -9 one worker of each run midway; LEASE (s, default 15)
# Example:
#   python3 ../shared/tools/make_corpus.py .. 20000 /tmp/corpus20k.jsonl
#   tools/pg_workers.sh target/release/steppe /tmp/corpus20k.jsonl \
#       postgres://postgres@127.0.0.1:5432/test "1 2 4" --no-analysis
set -euo pipefail
bin=$1 corpus=$2 base=$3 counts=${4:-"1 2 4"} extra=${5:-}
lease=${LEASE:-15}
lines=$(wc -l < "$corpus")
psql_() { PGOPTIONS="-c client_min_messages=warning" psql "$base" -qAtX -c "$1"; }
# The reference: how many distinct articles one SQLite ingest finds.
ref_db=$(mktemp -d)/ref.db
expected=$("$bin" ingest "$corpus" --db "$ref_db" --no-analysis --quiet 2>&1 | sed -n 's/.*: \([0-9]*\) ingested.*/\1/p')
rm -rf "$(dirname "$ref_db")"
echo "corpus: $lines lines, $expected distinct articles (one SQLite ingest)"
for n in $counts; do
  schema="steppe_workers_$n"
  psql_ "DROP SCHEMA IF EXISTS $schema CASCADE"
  url="$base?options=-csearch_path%3D$schema"
  "$bin" enqueue "$corpus" --db "$url" --chunk 250 >/dev/null
  logdir=$(mktemp -d)
  start=$(date +%s.%N)
  pids=()
  for w in $(seq 1 "$n"); do
    # shellcheck disable=SC2086
    "$bin" worker --db "$url" --quiet --lease "$lease" --name "w$w" $extra 2> "$logdir/w$w.log" &
    pids+=($!)
  done
  killed=""
  if [ "${KILL:-0}" = 1 ]; then
    # Midway: when half the chunks are done.
    total=$(psql_ "SELECT count(*) FROM $schema.steppe_queue")
    while [ "$(psql_ "SELECT count(*) FROM $schema.steppe_queue WHERE state = 'done'")" -lt $((total / 2)) ]; do
      sleep 0.5
    done
    kill -9 "${pids[0]}" && killed="w1 (pid ${pids[0]}) killed -9 midway; "
  fi
  for p in "${pids[@]}"; do wait "$p" || true; done
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  stored=$(psql_ "SELECT count(*) FROM $schema.articles")
  distinct=$(psql_ "SELECT count(DISTINCT id) FROM $schema.articles")
  items=$(psql_ "SELECT count(DISTINCT item) FROM $schema.sightings WHERE path = '$corpus'")
  open=$(psql_ "SELECT count(*) FROM $schema.steppe_queue WHERE state <> 'done'")
  printf '%s worker(s): %s lines in %.1f s = %.0f articles/s; %sarticles stored %s (distinct ids %s), lines seen %s of %s, chunks not done %s\n' \
    "$n" "$lines" "$secs" "$(echo "$lines / $secs" | bc -l)" "$killed" "$stored" "$distinct" "$items" "$lines" "$open"
  if [ "$items" != "$lines" ] || [ "$stored" != "$expected" ] || [ "$open" != 0 ]; then
    echo "FAILED: lost or duplicated articles (logs in $logdir)" >&2
    exit 1
  fi
  rm -rf "$logdir"
done
