#!/usr/bin/env python3
"""Scores kiji on the seed articles with ../shared/eval/score.py and the
floors the issues set. Extra arguments replace the default floors."""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

FLOORS = ["org=0.95", "date=0.95", "figure=0.95", "agreement=0.85", "agr_parties=0.9", "agr_status=0.85",
          "agr_date=0.85", "published=1", "lang=1", "title=1"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--min", nargs="*", default=None)
    ap.add_argument("--patterns", default=None, help="a rule directory to add (kiji extract --patterns)")
    a = ap.parse_args()
    score = os.path.join(a.shared, "eval", "score.py")
    gold = os.path.join(a.shared, "eval", "gold", "seeds")
    if not os.path.exists(score):
        print(f"shared/ not found at {a.shared}: cannot score", file=sys.stderr)
        return 1
    seeds = sorted(glob.glob(os.path.join(a.fixtures, "*.txt")))
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as out:
        extra = ["--patterns", a.patterns, "--"] if a.patterns else []
        p = subprocess.run([a.kiji, "extract", *extra, *seeds], stdout=out, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        print(p.stderr.decode(errors="replace"))
        return 1
    floors = a.min if a.min is not None else FLOORS
    r = subprocess.run([sys.executable, score, "--gold", gold, "--pred", out.name, "-v", "--min", *floors])
    os.unlink(out.name)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
