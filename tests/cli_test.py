#!/usr/bin/env python3
"""CLI tests: the kiji binary on good and bad inputs. Each case checks the
exit code, the records on stdout and the one-line errors on stderr.
Prints 'N passed, N failed'."""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import traceback

KIJI = None
TMP = None
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def run(*args, stdin=None, timeout=120):
    p = subprocess.run([KIJI, *args], input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", errors="replace")


def records(out):
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def write(name, data):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def eq(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


GOOD = "Sony Group signed a deal on March 3, 2025 worth $5 billion.\n"


@case
def file_and_stdin_give_one_record_each():
    good = write("good.txt", GOOD)
    code, out, err = run("extract", good)
    eq(code, 0, "exit")
    eq(err, "", "stderr")
    recs = records(out)
    eq(len(recs), 1, "records")
    r = recs[0]
    for key in ["schema", "id", "source", "lang", "title", "published", "text", "entities", "agreements", "warnings"]:
        assert key in r, key
    eq(r["source"]["type"], "file", "type")
    eq(r["source"]["location"], good, "location")
    code, out, err = run("extract", stdin=GOOD.encode())
    eq(code, 0, "stdin exit")
    eq(records(out)[0]["source"]["type"], "stdin", "stdin type")
    code, out2, _ = run("extract", "-", stdin=GOOD.encode())
    eq(records(out2)[0]["id"], records(out)[0]["id"], "same bytes, same source, same id")


@case
def missing_path_is_one_line_and_rest_goes_through():
    good = write("good.txt", GOOD)
    code, out, err = run("extract", os.path.join(TMP, "nope.txt"), good)
    eq(code, 1, "exit")
    eq(len(records(out)), 1, "records")
    eq(err, f"kiji: {os.path.join(TMP, 'nope.txt')}: no such file or directory\n", "stderr")


@case
def directory_is_read_recursively_in_order():
    write("dir/b.txt", GOOD)
    write("dir/sub/a.txt", GOOD)
    write("dir/skip.bin", b"\x00\x01")
    code, out, err = run("extract", os.path.join(TMP, "dir"))
    eq(code, 0, "exit")
    locs = [r["source"]["location"] for r in records(out)]
    eq(locs, [os.path.join(TMP, "dir", "b.txt"), os.path.join(TMP, "dir", "sub", "a.txt")], "order")


@case
def empty_directory_is_an_error():
    d = os.path.join(TMP, "emptydir")
    os.makedirs(d, exist_ok=True)
    write("emptydir/x.bin", b"zz")
    code, out, err = run("extract", d)
    eq(code, 1, "exit")
    eq(out, "", "stdout")
    eq(err, f"kiji: {d}: directory has no *.txt, *.html or *.htm files (or .gz of them)\n", "stderr")


@case
def binary_and_empty_files_are_errors():
    b = write("bin.txt", b"\x7fELF\x02\x01\x00\x00" + bytes(range(256)))
    e = write("empty.txt", b"")
    good = write("good.txt", GOOD)
    code, out, err = run("extract", b, e, good)
    eq(code, 1, "exit")
    eq(len(records(out)), 1, "records")
    lines = err.splitlines()
    eq(lines, [f"kiji: {b}: binary file (NUL byte or binary signature at byte 6)", f"kiji: {e}: empty input"], "stderr")


@case
def unreadable_file_is_an_error():
    if os.geteuid() == 0:
        # root reads everything; a directory named like a file stands in.
        p = os.path.join(TMP, "unreadable.txt")
        os.makedirs(p, exist_ok=True)
        code, out, err = run("extract", p)
        eq(code, 1, "exit")
        assert err.startswith(f"kiji: {p}: "), err
        return
    p = write("unreadable.txt", GOOD)
    os.chmod(p, 0)
    code, out, err = run("extract", p)
    eq(code, 1, "exit")
    assert err.startswith(f"kiji: {p}: cannot open"), err


@case
def invalid_utf8_is_repaired_with_a_warning():
    p = write("bad-utf8.txt", b"Price rose 5% on March 3, 2025 \xff\xfe in Tokyo.")
    code, out, err = run("extract", p)
    eq(code, 0, "exit")
    r = records(out)[0]
    assert "\ufffd" in r["text"], r["text"]
    eq(r["warnings"], ["invalid UTF-8 replaced at byte 31 (2 sequences)"], "warnings")
    eq(err, f"kiji: {p}: warning: invalid UTF-8 replaced at byte 31 (2 sequences)\n", "stderr")


@case
def malformed_jsonl_lines_are_errors_others_go_through():
    p = write("in.jsonl", '{"id": "a", "text": "On March 3, 2025."}\n{not json\n[1]\n{"id": "b"}\n\n{"url": "http://x/y", "text": "Hello there."}\n')
    code, out, err = run("extract", "--input", "jsonl", p)
    eq(code, 1, "exit")
    recs = records(out)
    eq([r["source"]["location"] for r in recs], ["a", "http://x/y"], "locations")
    eq([r["source"]["type"] for r in recs], ["jsonl", "jsonl"], "types")
    eq(err.splitlines(), [f"kiji: {p}:2: malformed JSON", f"kiji: {p}:3: not a JSON object",
                          f"kiji: {p}:4: no \"text\" or \"html\" string field"], "stderr")


@case
def jsonl_fields_are_used():
    line = json.dumps({"id": "x1", "text": "Talks ended on March 3.", "title": "T", "published": "2023-05-01", "lang": "en"})
    code, out, err = run("extract", "--input", "jsonl", stdin=(line + "\n").encode())
    eq(code, 0, "exit")
    r = records(out)[0]
    eq((r["title"], r["published"], r["lang"]), ("T", "2023-05-01", "en"), "fields")
    dates = [e["value"] for e in r["entities"] if e["type"] == "date"]
    eq(dates, ["2023-03-03"], "year from published")


@case
def date_flag_is_the_reference_when_the_article_has_none():
    p = write("nodate.txt", "Talks ended on March 3 in Tokyo.\n")
    code, out, _ = run("extract", "--date", "2021-06-01", p)
    eq([e["value"] for e in records(out)[0]["entities"] if e["type"] == "date"], ["2021-03-03"], "dates")
    code, out, _ = run("extract", p)
    eq([e["value"] for e in records(out)[0]["entities"] if e["type"] == "date"], ["XXXX-03-03"], "no reference")


@case
def usage_errors_exit_2():
    code, out, err = run("extract", "--date", "yesterday", stdin=b"x")
    eq(code, 2, "bad date")
    eq(err, "kiji: --date: expected YYYY-MM-DD, got 'yesterday'\n", "stderr")
    code, out, err = run("extract", "--input", "xml", stdin=b"x")
    eq(code, 2, "bad input format")
    code, out, err = run("frobnicate")
    eq(code, 2, "unknown command")
    code, out, err = run("extract", "--help")
    eq(code, 0, "help")
    assert "EXIT STATUS" in out, out


@case
def broken_rule_file_exits_2_naming_file_line_rule():
    d = os.path.join(TMP, "rules")
    write("rules/en/dates.rules", "rule date.bad\n  match (?P<x>\\q)\n  value date(year=x)\n  example \"x\" => 1\n")
    code, out, err = run("extract", "--patterns", d, stdin=b"hello")
    eq(code, 2, "exit")
    eq(err, f"kiji: {d}/en/dates.rules:1: rule date.bad: invalid escape sequence: \\q\n", "stderr")


@case
def user_patterns_add_rules():
    d = os.path.join(TMP, "userrules")
    write("userrules/en/figures.rules",
          'rule count.widgets\n  match (?P<n>\\d+) widgets\n  value figure(kind="count", number=n, unit="widgets")\n'
          # The builtin figure.count finds the same span (priority 1): outrank it.
          '  priority 5\n'
          '  example "[12 widgets]" => 12\n')
    code, out, err = run("extract", "--patterns", d, stdin=b"We made 40 widgets.")
    eq(code, 0, "exit " + err)
    figs = [(e["value"], e["unit"], e["rule"]) for e in records(out)[0]["entities"] if e["type"] == "figure"]
    assert (40, "widgets", "en/figures.rules:count.widgets") in figs, figs
    code, out, err = run("rules", "check", "--no-builtin-patterns", "--patterns", d)
    eq((code, out), (0, "1 passed, 0 failed\n"), "rules check")


@case
def gzip_input_is_read():
    p = write("g.txt.gz", gzip.compress(GOOD.encode()))
    code, out, err = run("extract", p)
    eq(code, 0, "exit " + err)
    assert "Sony" in records(out)[0]["text"]
    t = write("trunc.txt.gz", gzip.compress(GOOD.encode() * 50)[:40])
    code, out, err = run("extract", t)
    eq(code, 1, "truncated exit")
    eq(err, f"kiji: {t}: truncated gzip data\n", "stderr")


@case
def max_bytes_is_enforced_per_input():
    big = write("big.txt", "word " * 1000)
    good = write("good.txt", GOOD)
    code, out, err = run("extract", "--max-bytes", "1000", big, good)
    eq(code, 1, "exit")
    eq(len(records(out)), 1, "records")
    eq(err, f"kiji: {big}: file is 5000 bytes, over --max-bytes (1000)\n", "stderr")


@case
def huge_single_line_input_is_processed():
    # 200 MB on one line, no newlines: a news paragraph (entities at the
    # density of real articles) repeated.
    path = os.path.join(TMP, "huge.txt")
    chunk = ("Japan is set to play a pivotal role in transforming the IT landscape, with significant investments "
             "and a long-term strategy aimed at establishing digital hubs and fostering a new generation of talent. "
             "The number of members with Japanese capital reached ten companies as of February 2025, and they "
             "created 87 new jobs, officials told reporters in an interview held in the capital on Monday. " * 200).encode()
    with open(path, "wb") as f:
        for _ in range(200 * 1024 * 1024 // len(chunk)):
            f.write(chunk)
    p = subprocess.run([KIJI, "extract", path], capture_output=True, timeout=600)
    os.unlink(path)
    eq(p.returncode, 0, "exit " + p.stderr.decode()[:200])
    eq(p.stdout.count(b"\n"), 1, "one record")


@case
def jobs_keep_input_order_and_output():
    for i in range(40):
        write(f"order/{i:02}.txt", f"Item {i}: revenue rose on March {i % 28 + 1}, 2024.\n" * (1 + (i * 37) % 200))
    d = os.path.join(TMP, "order")
    code1, out1, _ = run("extract", "-j", "1", d)
    code4, out4, _ = run("extract", "-j", "4", d)
    eq((code1, code4), (0, 0), "exit")
    eq(out4, out1, "records with -j 4 equal -j 1, in order")
    eq([os.path.basename(r["source"]["location"]) for r in records(out4)], [f"{i:02}.txt" for i in range(40)], "order")


@case
def closed_pipe_ends_quietly():
    d = os.path.join(TMP, "many")
    for i in range(300):
        write(f"many/{i:03}.txt", GOOD * 20)
    p = subprocess.run(f"'{KIJI}' extract '{d}' | head -1", shell=True, capture_output=True, timeout=120)
    eq(p.returncode, 0, "pipeline exit")
    eq(p.stderr, b"", "stderr")
    eq(p.stdout.count(b"\n"), 1, "one line")
    p = subprocess.run(f"set -o pipefail; '{KIJI}' extract '{d}' | head -c 10 >/dev/null", shell=True,
                       capture_output=True, timeout=120, executable="/bin/bash")
    eq(p.returncode, 0, "kiji's own exit when the reader leaves")
    eq(p.stderr, b"", "stderr")


PARA = ("The ministry signed a memorandum with the agency on March 3, 2025, officials said, after two years of "
        "talks. The agreement covers research, training and joint projects in three regions.")
PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ministry signs deal | Example News</title>"
        "<meta property=\"article:published_time\" content=\"2025-03-04T10:00:00+09:00\"></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>Ministry signs deal</h1>"
        f"<p>{PARA}</p><p>2019</p><p>The end.</p></article><footer>Copyright Example News</footer></body></html>")


@case
def html_file_gives_title_date_and_text():
    p = write("page.html", PAGE)
    code, out, err = run("extract", p)
    eq(code, 0, "exit")
    eq(err, "", "stderr")
    r = records(out)[0]
    eq((r["title"], r["published"], r["lang"]), ("Ministry signs deal", "2025-03-04", "en"), "metadata")
    eq(r["text"], PARA + "\n\n2019\n\nThe end.", "text")
    eq(r["source"]["content_type"], "text/html; charset=UTF-8; charset-source=meta", "content_type")
    eq([e["value"] for e in r["entities"] if e["type"] == "date"], ["2025-03-03", "2019"], "dates")


@case
def html_is_recognized_by_name_and_by_content():
    gz = write("page.html.gz", gzip.compress(PAGE.encode()))
    htm = write("page.htm", PAGE)
    code, out, err = run("extract", gz, htm)
    eq((code, err), (0, ""), "exit, stderr")
    eq([r["title"] for r in records(out)], ["Ministry signs deal"] * 2, "titles")
    code, out, err = run("extract", stdin=PAGE.encode())
    eq((code, err), (0, ""), "stdin exit, stderr")
    r = records(out)[0]
    eq((r["source"]["type"], r["title"]), ("stdin", "Ministry signs deal"), "stdin by content")
    code, out, err = run("extract", "--input", "html", stdin=f"<div>{PARA}</div>".encode())
    eq(records(out)[0]["text"], PARA, "--input html")


@case
def jsonl_html_field_is_unicode_already():
    # The <meta> says Shift_JIS, but a JSON string is Unicode: no conversion, no warning.
    html = PAGE.replace('charset=\"utf-8\"', 'charset=\"Shift_JIS\"').replace("Ministry signs deal</h1>", "経済産業省</h1>")
    line = json.dumps({"id": "p1", "url": "https://example.com/2025/03/04/deal", "html": html}, ensure_ascii=False)
    code, out, err = run("extract", "--input", "jsonl", stdin=(line + "\n").encode())
    eq((code, err), (0, ""), "exit, stderr")
    r = records(out)[0]
    eq(r["source"]["content_type"], "text/html; charset=UTF-8; charset-source=jsonl", "content_type")
    eq(r["canonical_url"], "https://example.com/2025/03/04/deal", "canonical from the url field")
    eq(r["warnings"], [], "warnings")


@case
def bad_html_pages_give_a_record_or_one_error_line():
    trunc = write("trunc.html", PAGE[: PAGE.index("2019") - 3])
    nobody = write("nobody.html", "<html><head><title>Only a title</title></head></html>")
    binary = write("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    wrong = write("wrong.html", "<html><head><meta charset=\"Shift_JIS\"></head><body><p>"
                  + "経済産業省は新しい協定を締結したと発表した。" * 4 + "</p></body></html>")
    code, out, err = run("extract", trunc, nobody, binary, wrong)
    eq(code, 1, "exit")
    recs = records(out)
    eq([r["source"]["location"] for r in recs], [trunc, wrong], "records")
    eq(recs[0]["text"], PARA, "truncated page text")
    warning = "charset: <meta> declares charset Shift_JIS but the bytes are UTF-8; read as UTF-8 (detected)"
    eq(recs[1]["warnings"], [warning], "warning in the record")
    eq(err.splitlines(), [f"kiji: {nobody}: no text found in the page (title: \"Only a title\")",
                          f"kiji: {binary}: binary file (NUL byte or binary signature at byte 8)",
                          f"kiji: {wrong}: warning: {warning}"], "stderr")


@case
def megabyte_of_nested_divs_is_quick():
    p = write("deep.html", "<html><body>" + "<div>" * 200000 + PARA)
    code, out, err = run("extract", p, timeout=60)
    eq(code, 0, "exit")
    r = records(out)[0]
    eq(r["text"], PARA, "text")
    eq(r["warnings"], ["elements nested deeper than 512 levels; the deeper tags were ignored"], "warnings")


@case
def fifty_megabyte_page_is_read_in_part():
    path = os.path.join(TMP, "huge.html")
    para = f"<p>{PARA}</p>\n".encode()
    with open(path, "wb") as f:
        f.write(b"<html><body><article>")
        for _ in range(50 * 1024 * 1024 // len(para)):
            f.write(para)
        f.write(b"</article></body></html>")
    code, out, err = run("extract", path, timeout=300)
    os.unlink(path)
    eq(code, 0, "exit " + err[:200])
    r = records(out)[0]
    eq(r["warnings"], ["page is 50 MiB; only the first 16 MiB were read"], "warnings")
    assert r["text"].startswith(PARA), r["text"][:100]


def main():
    global KIJI, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", required=True)
    ap.add_argument("-k", default="", help="run only cases whose name contains this")
    a = ap.parse_args()
    KIJI = os.path.abspath(a.kiji)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        for fn in CASES:
            if a.k not in fn.__name__:
                continue
            try:
                fn()
                passed += 1
                print(f"ok   {fn.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {fn.__name__}\n{traceback.format_exc()}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
