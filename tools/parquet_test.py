#!/usr/bin/env python3
"""Parquet exports read back with pyarrow (run by .ci/run).

    python3 tools/parquet_test.py STEPPE_BIN SEEDS_DIR WORK_DIR

Ingests SEEDS_DIR into a fresh store in WORK_DIR, exports every kind as JSONL
and as Parquet, and checks with pyarrow that each Parquet file has as many
rows as the JSONL export has lines and that its typed columns have their
types. Prints one line per kind (rows, and the type of each typed column).
Exits non-zero on the first mismatch.
"""

import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq

TS = pa.timestamp("ms", tz="UTC")
STR_LIST = pa.list_(pa.string())

# Columns whose type is not text, by kind.
EXPECTED = {
    "articles": {
        "item": pa.int64(), "lang_confidence": pa.float64(), "published": TS,
        "warnings": STR_LIST, "estimated_published": pa.date32(), "id": pa.string(),
    },
    "timex": {"start": pa.int64(), "end": pa.int64()},
    "quantities": {"start": pa.int64(), "end": pa.int64(), "value": pa.float64()},
    "mentions": {"start": pa.int64(), "end": pa.int64()},
    "actors": {
        "aliases": STR_LIST, "metonyms": STR_LIST, "mentions": pa.int64(),
        "articles": pa.int64(),
    },
    "events": {
        "article_ids": STR_LIST, "quad_class": pa.int64(), "goldstein": pa.float64(),
        "date": pa.string(), "date_day": pa.date32(), "quantities": STR_LIST,
        "trigger_start": pa.int64(), "confidence": pa.float64(),
        "independent_sources": pa.int64(),
    },
    "stories": {
        "article_ids": STR_LIST, "first_seen": pa.date32(), "last_seen": pa.date32(),
        "estimated_date": pa.date32(), "independent_sources": pa.int64(), "sources": STR_LIST,
    },
    "duplicates": {
        "start": pa.int64(), "other_end": pa.int64(), "similarity": pa.float64(),
    },
    "quotes": {"direct": pa.bool_(), "start": pa.int64(), "sentence_end": pa.int64()},
    "framing": {"start": pa.int64(), "end": pa.int64()},
    "claims": {
        "article_ids": STR_LIST, "sources": STR_LIST, "independent_sources": pa.int64(),
        "value": pa.float64(),
    },
}


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    bin_, seeds, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "parquet-seeds.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    run(bin_, "ingest", seeds, "--db", db, "--quiet")
    failures = 0
    for kind, types in EXPECTED.items():
        jsonl = os.path.join(work, f"{kind}.jsonl")
        parquet = os.path.join(work, f"{kind}.parquet")
        run(bin_, "export", kind, "--db", db, "--out", jsonl)
        run(bin_, "export", kind, "--format", "parquet", "--db", db, "--out", parquet)
        with open(jsonl, encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        table = pq.read_table(parquet)
        problems = []
        if table.num_rows != len(records):
            problems.append(f"{table.num_rows} rows, JSONL has {len(records)} lines")
        for col, want in types.items():
            if col not in table.schema.names:
                problems.append(f"no column {col}")
                continue
            got = table.schema.field(col).type
            if got != want:
                problems.append(f"{col} is {got}, want {want}")
        # Every JSONL field of the CSV columns is a Parquet column too.
        if records:
            missing = [c for c in records[0] if c not in table.schema.names]
            if missing:
                problems.append(f"columns missing: {missing}")
        shown = ", ".join(f"{c}={table.schema.field(c).type}" for c in types
                          if c in table.schema.names)
        print(f"{kind}: {table.num_rows} rows (JSONL {len(records)}); {shown}")
        for p in problems:
            print(f"  FAIL {kind}: {p}")
        failures += len(problems)
    if failures:
        sys.exit(f"parquet: {failures} problem(s)")
    print("parquet: every kind read back by pyarrow with its types and row count")


if __name__ == "__main__":
    main()
