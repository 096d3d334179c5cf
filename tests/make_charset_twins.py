#!/usr/bin/env python3
"""Writes the legacy-charset twins of the Japanese HTML fixtures: each
fixtures/ja/<name>.html (UTF-8) listed below becomes <name>.<suffix>.html in
that charset, with its charset declaration changed to match. Run it after
editing a UTF-8 twin; tests/html_test.cc checks that the twins give the same
record."""
import os
import re
import sys

TWINS = [
    ("2025-12-22_news_denki-kyotei.html", "sjis", "cp932", "Shift_JIS"),
    ("2025-12-22_news_kowan-kaihatsu.html", "eucjp", "euc_jp", "EUC-JP"),
]


def main():
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "ja")
    for name, suffix, codec, label in TWINS:
        with open(os.path.join(here, name), encoding="utf-8") as f:
            page = f.read()
        twin = re.sub(r'charset=("?)utf-8', lambda m: "charset=" + m.group(1) + label, page, count=1, flags=re.I)
        twin = re.sub(r"Twin:.*?\(tests/html_test\.cc\)\.",
                      f"This is the {label} twin of\n  {name} (UTF-8); both must give the same record\n"
                      "  (tests/html_test.cc). Written by tests/make_charset_twins.py.",
                      twin, count=1, flags=re.S)
        out = os.path.join(here, name[: -len(".html")] + "." + suffix + ".html")
        with open(out, "wb") as f:
            f.write(twin.encode(codec))
        print("wrote", os.path.relpath(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
