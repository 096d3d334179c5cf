#!/usr/bin/env python3
"""Scores kiji on the audit articles (tests/data/audit, real texts of the
article-extraction benchmark in ../shared) with ../shared/eval/score.py and
floors a little under today's in-sample scores. Extra arguments replace the
floors."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

FLOORS = ["org=0.85", "date=0.95", "figure=0.95", "agreement=0.8"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--min", nargs="*", default=None)
    a = ap.parse_args()
    score = os.path.join(a.shared, "eval", "score.py")
    truth_path = os.path.join(a.shared, "corpora", "article-extraction-benchmark", "ground-truth.json")
    if not os.path.exists(score) or not os.path.exists(truth_path):
        print(f"shared/ not found at {a.shared}: cannot score", file=sys.stderr)
        return 1
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    docs = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(a.gold, "*.json")))
    lines = []
    for doc in docs:
        keys = [k for k in truth if k.startswith(doc)]
        if len(keys) != 1:
            print(f"{doc}: {len(keys)} benchmark texts start with this id", file=sys.stderr)
            return 1
        lines.append(json.dumps({"id": doc, "text": truth[keys[0]]["articleBody"]}, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "audit.jsonl")
        out = os.path.join(tmp, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        with open(out, "wb") as f:
            p = subprocess.run([a.kiji, "extract", "--input", "jsonl", inp], stdout=f, stderr=subprocess.PIPE,
                               timeout=300)
        if p.returncode != 0:
            print(p.stderr.decode(errors="replace"))
            return 1
        floors = a.min if a.min is not None else FLOORS
        r = subprocess.run([sys.executable, score, "--gold", a.gold, "--pred", out, "--min", *floors])
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
