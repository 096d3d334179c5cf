#!/usr/bin/env python3
"""Writes the article-extraction benchmark's ground-truth texts as JSON Lines
({"id", "text"} per article), real English news that kiji's rules were not
written from, for `kiji_bench_stages --jsonl`:

  python3 bench/stages/real_text.py ../shared/corpora/article-extraction-benchmark/ground-truth.json > /tmp/real.jsonl
  build/bench/stages/kiji_bench_stages --jsonl /tmp/real.jsonl
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        truth = json.load(f)
    for key, page in truth.items():
        text = page.get("articleBody") or ""
        if text.strip():
            print(json.dumps({"id": key, "text": text}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
