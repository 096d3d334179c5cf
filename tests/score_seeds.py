#!/usr/bin/env python3
"""Scores kiji with ../shared/eval/score.py against a gold directory, with
floors; exits 1 below them. Two corpora:
  --fixtures DIR   the *.txt articles in DIR (the seeds; gold: shared's seeds)
  --benchmark      the article-extraction benchmark's texts (../shared
                   corpora) named by the gold files' `doc` (tests/data/audit)
Extra --min arguments replace the default floors."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

SEED_FLOORS = ["org=0.95", "date=0.95", "figure=0.95", "agreement=0.85", "agr_parties=0.9", "agr_status=0.85",
               "agr_date=0.85", "published=1", "lang=1", "title=1"]
# The audit articles: a little under today's in-sample scores.
AUDIT_FLOORS = ["org=0.93", "date=0.95", "figure=0.95", "agreement=0.8"]


def benchmark_jsonl(shared, gold, path):
    """Writes the benchmark texts of the gold's documents to `path`."""
    with open(os.path.join(shared, "corpora", "article-extraction-benchmark", "ground-truth.json"),
              encoding="utf-8") as f:
        truth = json.load(f)
    with open(path, "w", encoding="utf-8") as out:
        for doc in sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(gold, "*.json"))):
            keys = [k for k in truth if k.startswith(doc)]
            if len(keys) != 1:
                raise SystemExit(f"{doc}: {len(keys)} benchmark texts start with this id")
            out.write(json.dumps({"id": doc, "text": truth[keys[0]]["articleBody"]}, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--fixtures", help="score the *.txt articles in this directory")
    ap.add_argument("--benchmark", action="store_true", help="score the benchmark texts the gold names")
    ap.add_argument("--gold", help="gold directory (default: shared's seeds)")
    ap.add_argument("--min", nargs="*", default=None)
    ap.add_argument("--patterns", default=None, help="a rule directory to add (kiji extract --patterns)")
    a = ap.parse_args()
    score = os.path.join(a.shared, "eval", "score.py")
    gold = a.gold or os.path.join(a.shared, "eval", "gold", "seeds")
    if not os.path.exists(score):
        print(f"shared/ not found at {a.shared}: cannot score", file=sys.stderr)
        return 1
    extra = ["--patterns", a.patterns, "--"] if a.patterns else []
    with tempfile.TemporaryDirectory() as tmp:
        if a.benchmark:
            inputs = ["--input", "jsonl", os.path.join(tmp, "in.jsonl")]
            benchmark_jsonl(a.shared, gold, inputs[-1])
        else:
            inputs = sorted(glob.glob(os.path.join(a.fixtures, "*.txt")))
        out = os.path.join(tmp, "out.jsonl")
        with open(out, "wb") as f:
            p = subprocess.run([a.kiji, "extract", *extra, *inputs], stdout=f, stderr=subprocess.PIPE, timeout=300)
        if p.returncode != 0:
            print(p.stderr.decode(errors="replace"))
            return 1
        floors = a.min if a.min is not None else AUDIT_FLOORS if a.benchmark else SEED_FLOORS
        return subprocess.run([sys.executable, score, "--gold", gold, "--pred", out, "-v", "--min", *floors]).returncode


if __name__ == "__main__":
    sys.exit(main())
