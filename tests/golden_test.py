#!/usr/bin/env python3
"""Golden records: run kiji on each fixture that has a .expected.jsonl beside
it and compare stdout byte for byte (exit code 0, stderr empty unless a
.expected.stderr file says otherwise).

Fixtures are run from the fixtures/ directory with relative paths, so
source.location is stable. A fixture named <lang>/<YYYY-MM-DD>_... is run
with --date YYYY-MM-DD (its reference date). `--update` rewrites the expected
files (review the diff).
"""
import argparse
import difflib
import os
import re
import subprocess
import sys

INPUT_EXT = (".txt", ".html", ".htm", ".html.gz", ".jsonl")


def command(kiji, rel):
    cmd = [kiji, "extract"]
    m = re.match(r"(?:.*/)?(\d{4}-\d{2}-\d{2})_", rel)
    if m:
        cmd += ["--date", m.group(1)]
    if rel.endswith(".jsonl"):
        cmd += ["--input", "jsonl"]
    return cmd + [rel]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    kiji = os.path.abspath(a.kiji)
    cases = []
    for root, _, files in os.walk(a.fixtures):
        for f in files:
            if f.endswith(INPUT_EXT) and not f.endswith(".expected.jsonl"):
                path = os.path.join(root, f)
                base = path[: -len(".jsonl")] if f.endswith(".jsonl") else re.sub(r"\.(txt|html?|html\.gz)$", "", path)
                expected = base + ".expected.jsonl"
                if os.path.exists(expected) or a.update:
                    cases.append((os.path.relpath(path, a.fixtures), expected))
    cases.sort()
    passed = failed = 0
    for rel, expected in cases:
        p = subprocess.run(command(kiji, rel), cwd=a.fixtures, capture_output=True, timeout=120)
        if a.update:
            with open(expected, "wb") as f:
                f.write(p.stdout)
            print(f"updated {os.path.relpath(expected, a.fixtures)}")
            continue
        want = open(expected, "rb").read()
        problems = []
        if p.returncode != 0:
            problems.append(f"exit code {p.returncode}, stderr: {p.stderr.decode(errors='replace')}")
        if p.stdout != want:
            diff = difflib.unified_diff(
                want.decode(errors="replace").splitlines(), p.stdout.decode(errors="replace").splitlines(),
                "expected", "actual", lineterm="", n=0)
            problems.append("stdout differs:\n" + "\n".join(list(diff)[:40]))
        if problems:
            failed += 1
            print(f"FAIL {rel}\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"ok   {rel}")
    if not a.update:
        print(f"{passed} passed, {failed} failed")
        if passed + failed == 0:
            print("no golden fixtures found")
            return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
