#!/usr/bin/env python3
"""kiji fetch and kiji feed against a scripted HTTP server on 127.0.0.1
(tests/fetch_server.py, started here): pages, redirects, error statuses,
retries, servers that hang or drip, broken bodies, size caps, charsets,
compression, validators, robots.txt, every feed format, the state database
across runs (the cron case), concurrent and killed runs.
Each case checks the exit code, the records on stdout and the lines on
stderr; every fault must end in a clear line or a record, never a hang.
Prints 'N passed, N failed'. Run one case: --kiji build/kiji -k name
(python3 tests/fetch_http_test.py --kiji build/kiji -k cron)"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fetch_server import Page, Server, SilentServer, gzip_bytes  # noqa: E402

KIJI = None
TMP = None
SRV = None
CASES = []
FAST = ["--delay", "0", "--retry-base-delay", "0.05", "--timeout", "3", "--connect-timeout", "1"]
SUMMARY = re.compile(r"^kiji: (\d+) fetched, (\d+) not modified, (\d+) skipped by robots, (\d+) failed, "
                     r"(\d+) new records, [\d.]+ s(, (\d+) left to another kiji run)?$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def case(fn):
    CASES.append(fn)
    return fn


class Run:
    def __init__(self, code, out, err, elapsed):
        self.code = code
        self.out = out
        self.err = err
        self.elapsed = elapsed
        self.records = [json.loads(l) for l in out.splitlines() if l.strip()]
        self.lines = [l for l in err.splitlines() if l.strip()]

    def summary(self):
        m = SUMMARY.match(self.lines[-1]) if self.lines else None
        if not m:
            raise AssertionError(f"no summary line at the end of stderr: {self.err!r}")
        keys = ["fetched", "not_modified", "robots", "failed", "records"]
        s = {k: int(m.group(i + 1)) for i, k in enumerate(keys)}
        s["busy"] = int(m.group(7) or 0)
        return s

    def locations(self):
        return sorted(r["source"]["location"] for r in self.records)

    def line_for(self, url):
        got = [l for l in self.lines if l.startswith(f"kiji: {url}: ")]
        if len(got) != 1:
            raise AssertionError(f"want one stderr line for {url}, got {got!r} in {self.err!r}")
        return got[0]


def state_path(name):
    return os.path.join(TMP, name + ".db")


def kiji(cmd, *args, state=None, fast=True, timeout=60, env=None, stdin=None):
    argv = [KIJI, cmd, *args]
    if fast:
        # The case's own flags win over the fast defaults.
        for i in range(0, len(FAST), 2):
            if FAST[i] not in args:
                argv += FAST[i:i + 2]
    if state is not None:
        argv += ["--state", state]
    t = time.monotonic()
    p = subprocess.run(argv, capture_output=True, timeout=timeout, env=env, input=stdin)
    return Run(p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace"), time.monotonic() - t)


def eq(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def u(path):
    return SRV.url(path)


# --- Site content ---------------------------------------------------------------


def article(name, day=3):
    return Page(f"<!doctype html><html><head><title>{name}</title></head><body><article>"
                f"<p>Article {name}: Sony Group Corp. signed an agreement with Toyota Motor Corp. "
                f"on March {day}, 2025 worth $5 billion.</p></article></body></html>")


def sjis_page(meta):
    head = '<meta charset="Shift_JIS">' if meta else ""
    html = (f"<html><head>{head}<title>t</title></head><body><p>SJISMARK トヨタ自動車は2025年3月3日、"
            f"新工場を発表した。</p></body></html>")
    return html.encode("shift_jis")


def rss(items, lang="en"):
    body = "".join(f"<item><title>{t}</title><link>{l}</link><guid>{l}</guid><pubDate>{d}</pubDate></item>"
                   for l, t, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed</title>'
            f"<link>{SRV.base}/</link><language>{lang}</language>{body}</channel></rss>")


def setup_site():
    P = SRV.pages
    P["/robots.txt"] = Page("User-agent: *\nDisallow: /private/\n\nUser-agent: strictbot\nDisallow: /\n",
                            "text/plain")
    for n in range(1, 6):
        P[f"/page/{n}.html"] = article(f"page-{n}")
    P["/private/secret.html"] = article("secret")
    P["/plain.txt"] = Page("PLAINMARK Toyota Motor Corp. said on March 3, 2025 it would invest.\n", "text/plain")
    # Redirects: /r/N -> /r/N-1 -> ... -> /page/1.html
    for n in range(1, 9):
        target = f"/r/{n - 1}" if n > 1 else "/page/1.html"
        P[f"/r/{n}"] = Page(b"moved", "text/plain", status=301 if n % 2 else 302, etag=None, last_modified=None,
                            headers={"Location": target})
    P["/loop/a"] = Page(b"", "text/plain", status=302, etag=None, last_modified=None, headers={"Location": "/loop/b"})
    P["/loop/b"] = Page(b"", "text/plain", status=302, etag=None, last_modified=None, headers={"Location": "/loop/a"})
    P["/noloc"] = Page(b"", "text/plain", status=302, etag=None, last_modified=None)
    for code in (404, 410, 500, 503):
        P[f"/status/{code}"] = Page(f"status {code}\n", "text/plain", status=code, etag=None, last_modified=None)
    P["/retry-after-long"] = Page(b"busy", "text/plain", status=429, etag=None, last_modified=None,
                                  headers={"Retry-After": "120"})
    # Wrong Content-Types.
    P["/wrong/html-as-octet"] = Page(article("octet").body, "application/octet-stream")
    P["/wrong/png-as-html"] = Page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "text/html")
    P["/wrong/image"] = Page(b"\xff\xd8\xff\xe0" + b"\x00" * 5000, "image/jpeg")
    # Shift_JIS with and without a charset in the header.
    P["/sjis/header.html"] = Page(sjis_page(False), "text/html; charset=Shift_JIS")
    P["/sjis/meta.html"] = Page(sjis_page(True), "text/html")
    # Validators: only Last-Modified; none at all.
    P["/lm-only.html"] = Page(article("lm-only").body, etag=None)
    P["/no-validators.html"] = Page(article("no-validators").body, etag=None, last_modified=None)

    # Stateful routes.
    flaky = {}

    def once_then_ok(status, retry_after):
        def handler(h):
            with SRV.lock:
                n = flaky.get(h.path, 0)
                flaky[h.path] = n + 1
            if n == 0:
                h.send_simple(status, b"later\n", headers={"Retry-After": retry_after})
            else:
                h.send_page(article("recovered" + h.path.replace("/", "-")))
        return handler

    SRV.routes["/flaky/429"] = once_then_ok(429, "1")
    SRV.routes["/flaky/503"] = once_then_ok(503, "1")

    @SRV.route("/drip")
    def drip(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(1)

    @SRV.route("/truncated")
    def truncated(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.write(b"Toyota " * 30)
        h.wfile.flush()
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    def huge(chunked):
        def handler(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            if chunked:
                h.send_header("Connection", "close")
            else:
                h.send_header("Content-Length", str(100 * 1024 * 1024))
            h.end_headers()
            h.close_connection = True
            chunk = b"Toyota Motor " * 5000
            sent = 0
            while sent < 100 * 1024 * 1024:
                h.wfile.write(chunk)
                sent += len(chunk)
                with SRV.lock:
                    SRV.huge_sent = sent
        return handler

    SRV.huge_sent = 0
    SRV.routes["/huge"] = huge(False)
    SRV.routes["/huge-stream"] = huge(True)

    @SRV.route("/gzip.html")
    def gz(h):
        body = article("GZIPMARK").body
        if "gzip" in h.headers.get("Accept-Encoding", ""):
            data = gzip_bytes(body)
            h.send_simple(200, data, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        else:
            h.send_simple(200, body, "text/html; charset=utf-8")


# --- Cases: pages -------------------------------------------------------------


@case
def pages_become_records_with_url_source():
    r = kiji("fetch", u("/page/1.html"), u("/page/2.html"), u("/plain.txt"), state=state_path("pages"))
    eq(r.code, 0, "exit")
    eq(len(r.records), 3, "records")
    eq(r.locations(), sorted([u("/page/1.html"), u("/page/2.html"), u("/plain.txt")]), "locations")
    for rec in r.records:
        src = rec["source"]
        eq(src["type"], "url", "type")
        eq(src["status"], 200, "status")
        assert RFC3339.match(src["fetched_at"]), src["fetched_at"]
        assert src["content_type"].startswith("text/"), src
    plain = [x for x in r.records if x["source"]["location"].endswith("/plain.txt")][0]
    eq(plain["source"]["content_type"], "text/plain", "content type as served")
    assert "PLAINMARK" in plain["text"], plain["text"]
    s = r.summary()
    eq((s["fetched"], s["records"], s["failed"]), (3, 3, 0), "summary")
    eq(len(r.lines), 1, "stderr is only the summary")


@case
def redirects_end_at_the_final_url():
    SRV.reset_counts()
    r = kiji("fetch", u("/r/4"), state=state_path("redirects"))
    eq(r.code, 0, "exit")
    eq(r.locations(), [u("/page/1.html")], "final URL")
    for hop in ["/r/4", "/r/3", "/r/2", "/r/1", "/page/1.html"]:
        eq(SRV.count(hop), 1, hop)


@case
def urls_leading_to_the_same_page_give_one_record():
    r = kiji("fetch", u("/r/2"), u("/r/1"), u("/page/1.html"), state=state_path("same_page"))
    eq(r.code, 0, "exit")
    eq(r.locations(), [u("/page/1.html")], "one record")
    eq(r.summary()["not_modified"], 2, "the other two")


@case
def redirect_loops_and_long_chains_fail_clearly():
    r = kiji("fetch", u("/loop/a"), u("/r/8"), u("/noloc"), u("/page/2.html"), "--max-redirects", "3",
             state=state_path("loops"))
    eq(r.code, 1, "exit")
    eq(r.locations(), [u("/page/2.html")], "the good URL still goes through")
    line = r.line_for(u("/loop/a"))
    assert "redirect loop" in line and "/loop/b -> " in line, line
    line = r.line_for(u("/r/8"))
    assert "more than 3 redirects" in line, line
    line = r.line_for(u("/noloc"))
    assert "HTTP 302" in line and "without a Location" in line, line
    eq(r.summary()["failed"], 3, "failed")


@case
def client_errors_are_not_retried():
    SRV.reset_counts()
    r = kiji("fetch", u("/status/404"), u("/status/410"), u("/page/3.html"), state=state_path("4xx"))
    eq(r.code, 1, "exit")
    eq(r.locations(), [u("/page/3.html")], "records")
    assert "HTTP 404 Not Found; not retried" in r.line_for(u("/status/404")), r.err
    assert "HTTP 410 Gone; not retried" in r.line_for(u("/status/410")), r.err
    eq(SRV.count("/status/404"), 1, "404 requests")
    eq(SRV.count("/status/410"), 1, "410 requests")


@case
def server_errors_are_retried_then_reported():
    SRV.reset_counts()
    r = kiji("fetch", u("/status/500"), u("/status/503"), u("/page/3.html"), "--retries", "2",
             state=state_path("5xx"))
    eq(r.code, 1, "exit")
    eq(len(r.records), 1, "records")
    line = r.line_for(u("/status/500"))
    assert "HTTP 500 Internal Server Error; gave up after 2 retries" in line, line
    assert "HTTP 503 Service Unavailable; gave up after 2 retries" in r.line_for(u("/status/503")), r.err
    eq(SRV.count("/status/500"), 3, "500 requests")
    eq(SRV.count("/status/503"), 3, "503 requests")


@case
def retry_after_is_honoured():
    SRV.reset_counts()
    r = kiji("fetch", u("/flaky/429"), u("/flaky/503"), u("/retry-after-long"), "--retry-max-delay", "5",
             state=state_path("retry_after"))
    eq(r.code, 1, "exit")
    eq(sorted(r.locations()), [u("/flaky/429"), u("/flaky/503")], "records after the retry")
    eq(SRV.count("/flaky/429"), 2, "429 requests")
    eq(SRV.count("/flaky/503"), 2, "503 requests")
    assert r.elapsed >= 1.0, f"Retry-After: 1 not waited for ({r.elapsed:.2f} s)"
    line = r.line_for(u("/retry-after-long"))
    assert "HTTP 429" in line and "Retry-After asks for 120 s" in line, line
    eq(SRV.count("/retry-after-long"), 1, "no retry past --retry-max-delay")


@case
def silent_server_times_out_and_the_batch_goes_on():
    silent = SilentServer()
    try:
        page = silent.base + "/never.html"
        r = kiji("fetch", page, u("/page/4.html"), "--ignore-robots", "--timeout", "1", "--retries", "1",
                 state=state_path("silent"))
        eq(r.code, 1, "exit")
        eq(r.locations(), [u("/page/4.html")], "records")
        line = r.line_for(page)
        assert "curl error 28" in line and "gave up after 1 retry" in line, line
        assert r.elapsed < 8, f"took {r.elapsed:.1f} s"
        # Without --ignore-robots, its robots.txt is what times out.
        r = kiji("fetch", page, "--timeout", "1", "--retries", "0", state=state_path("silent2"))
        eq(r.code, 1, "exit")
        line = r.line_for(page)
        assert "robots.txt unavailable" in line and "curl error 28" in line, line
    finally:
        silent.stop()


@case
def dripping_server_hits_the_total_timeout():
    r = kiji("fetch", u("/drip"), u("/page/5.html"), "--timeout", "2", "--retries", "0", state=state_path("drip"))
    eq(r.code, 1, "exit")
    eq(r.locations(), [u("/page/5.html")], "records")
    line = r.line_for(u("/drip"))
    assert "curl error 28" in line and "not retried" not in line, line
    assert r.elapsed < 8, f"took {r.elapsed:.1f} s"


@case
def truncated_body_is_retried_then_reported():
    SRV.reset_counts()
    r = kiji("fetch", u("/truncated"), u("/page/1.html"), "--retries", "1", state=state_path("truncated"))
    eq(r.code, 1, "exit")
    eq(len(r.records), 1, "records")
    line = r.line_for(u("/truncated"))
    assert "curl error 18" in line and "gave up after 1 retry" in line, line
    eq(SRV.count("/truncated"), 2, "requests")


@case
def bodies_over_the_cap_are_refused():
    SRV.huge_sent = 0
    r = kiji("fetch", u("/huge"), u("/huge-stream"), u("/page/1.html"), "--max-bytes", "1000000", "--retries", "0",
             state=state_path("huge"))
    eq(r.code, 1, "exit")
    eq(len(r.records), 1, "records")
    for p in ["/huge", "/huge-stream"]:
        line = r.line_for(u(p))
        assert "over --max-bytes (1000000 bytes)" in line, line
    assert r.elapsed < 10, f"took {r.elapsed:.1f} s"
    time.sleep(0.2)
    assert SRV.huge_sent < 50 * 1024 * 1024, f"the server sent {SRV.huge_sent} bytes: the cap did not stop the transfer"
    # The default cap (32 MiB) refuses 100 MB too.
    SRV.huge_sent = 0
    r = kiji("fetch", u("/huge-stream"), "--retries", "0", state=state_path("huge2"))
    assert "over --max-bytes (33554432 bytes)" in r.line_for(u("/huge-stream")), r.err
    time.sleep(0.2)
    assert SRV.huge_sent < 50 * 1024 * 1024, f"the server sent {SRV.huge_sent} bytes"


@case
def wrong_content_types():
    r = kiji("fetch", u("/wrong/html-as-octet"), u("/wrong/png-as-html"), u("/wrong/image"),
             state=state_path("wrong_type"))
    eq(r.code, 1, "exit")
    eq(r.locations(), [u("/wrong/html-as-octet")], "text served as octet-stream is still read")
    eq(r.records[0]["source"]["content_type"], "application/octet-stream; charset=UTF-8; charset-source=default",
       "content type as served, with the charset the HTML stage read")
    assert "Sony Group" in r.records[0]["text"], r.records[0]["text"]
    line = r.line_for(u("/wrong/png-as-html"))
    assert "binary" in line, line
    line = r.line_for(u("/wrong/image"))
    assert "Content-Type image/jpeg is not an article" in line, line


@case
def shift_jis_pages_with_and_without_a_charset_header():
    r = kiji("fetch", u("/sjis/header.html"), u("/sjis/meta.html"), state=state_path("sjis"))
    eq(len(r.records), 2, "records")
    by = {x["source"]["location"]: x for x in r.records}
    eq(by[u("/sjis/header.html")]["source"]["content_type"], "text/html; charset=Shift_JIS; charset-source=http",
       "content type")
    eq(by[u("/sjis/meta.html")]["source"]["content_type"], "text/html; charset=Shift_JIS; charset-source=meta",
       "content type")
    for rec in r.records:
        assert "SJISMARK" in rec["text"], rec["text"]
        # Once the HTML stage decodes the charset, the Japanese must be right;
        # until then the bytes arrive as replaced invalid UTF-8.
        if "\ufffd" not in rec["text"]:
            assert "トヨタ自動車" in rec["text"], rec["text"]


@case
def gzip_bodies_are_decoded():
    SRV.reset_counts()
    r = kiji("fetch", u("/gzip.html"), state=state_path("gzip"))
    eq(r.code, 0, "exit")
    eq(len(r.records), 1, "records")
    assert "GZIPMARK" in r.records[0]["text"], r.records[0]["text"]
    enc = SRV.requests("/gzip.html")[0].get("Accept-Encoding", "")
    for e in ["gzip", "deflate", "br"]:
        assert e in enc, f"Accept-Encoding {enc!r} lacks {e}"


@case
def etag_round_trip_sends_conditional_requests():
    st = state_path("etag")
    SRV.reset_counts()
    r = kiji("fetch", u("/page/1.html"), state=st)
    eq(len(r.records), 1, "first run")
    r = kiji("fetch", u("/page/1.html"), state=st)
    eq(r.code, 0, "exit")
    eq(r.records, [], "second run emits nothing")
    eq(r.summary()["not_modified"], 1, "not modified")
    req = SRV.requests("/page/1.html")[-1]
    eq(req.get("If-None-Match"), SRV.pages["/page/1.html"].etag, "If-None-Match")
    r = kiji("fetch", u("/page/1.html"), "--all", state=st)
    eq(len(r.records), 1, "--all emits it again")
    assert "If-None-Match" not in SRV.requests("/page/1.html")[-1], "--all asks unconditionally"


@case
def last_modified_round_trip():
    st = state_path("lm")
    SRV.reset_counts()
    eq(len(kiji("fetch", u("/lm-only.html"), state=st).records), 1, "first run")
    r = kiji("fetch", u("/lm-only.html"), state=st)
    eq(r.records, [], "second run")
    req = SRV.requests("/lm-only.html")[-1]
    eq(req.get("If-Modified-Since"), "Mon, 03 Mar 2025 10:00:00 GMT", "If-Modified-Since")
    eq(r.summary()["not_modified"], 1, "not modified")


@case
def unchanged_content_is_skipped_changed_content_is_emitted():
    st = state_path("hash")
    eq(len(kiji("fetch", u("/no-validators.html"), state=st).records), 1, "first run")
    r = kiji("fetch", u("/no-validators.html"), state=st)
    eq(r.records, [], "same body: nothing")
    s = r.summary()
    eq((s["fetched"], s["not_modified"]), (1, 1), "fetched but not modified")
    old = SRV.pages["/no-validators.html"]
    SRV.pages["/no-validators.html"] = Page(article("no-validators-v2").body, etag=None, last_modified=None)
    try:
        r = kiji("fetch", u("/no-validators.html"), state=st)
        eq(len(r.records), 1, "changed body: a record")
        assert "no-validators-v2" in r.records[0]["text"]
    finally:
        SRV.pages["/no-validators.html"] = old


@case
def robots_txt_is_obeyed_cached_and_overridable():
    st = state_path("robots")
    SRV.reset_counts()
    r = kiji("fetch", u("/private/secret.html"), u("/page/2.html"), state=st)
    eq(r.code, 0, "a robots skip is not a failure")
    eq(r.locations(), [u("/page/2.html")], "records")
    assert "disallowed by robots.txt" in r.line_for(u("/private/secret.html")), r.err
    eq(r.summary()["robots"], 1, "skipped by robots")
    eq(SRV.count("/robots.txt"), 1, "robots.txt once per host")
    r = kiji("fetch", u("/private/secret.html"), state=st)
    eq(SRV.count("/robots.txt"), 1, "robots.txt cached in the state database")
    r = kiji("fetch", u("/private/secret.html"), "--ignore-robots", state=st)
    eq(r.locations(), [u("/private/secret.html")], "--ignore-robots")


@case
def user_agent_is_sent_and_picks_the_robots_group():
    SRV.reset_counts()
    kiji("fetch", u("/page/3.html"), state=state_path("ua1"))
    ua = SRV.requests("/page/3.html")[-1].get("User-Agent", "")
    assert re.match(r"^kiji/\d+\.\d+\.\d+$", ua), ua
    r = kiji("fetch", u("/page/3.html"), "--user-agent", "strictbot/2.0", state=state_path("ua2"))
    eq(r.records, [], "strictbot is disallowed everywhere")
    eq(SRV.requests("/robots.txt")[-1].get("User-Agent"), "strictbot/2.0", "User-Agent")
    eq(r.summary()["robots"], 1, "skipped by robots")


@case
def per_host_limits_and_delay():
    for n in range(4):
        SRV.pages[f"/slow/{n}.html"] = Page(article(f"slow-{n}").body, delay=0.3)
    SRV.reset_counts()
    urls = [u(f"/slow/{n}.html") for n in range(4)]
    args = ["--ignore-robots", "--retry-base-delay", "0.05", "--timeout", "5"]
    r = kiji("fetch", *urls, *args, "--per-host", "2", "--delay", "0", state=state_path("perhost"), fast=False)
    eq(len(r.records), 4, "records")
    eq(SRV.max_active, 2, "at most 2 transfers to one host")
    SRV.reset_counts()
    r = kiji("fetch", *urls, *args, "--per-host", "4", "--delay", "0.25", state=state_path("delay"), fast=False)
    eq(len(r.records), 4, "records")
    t = sorted(SRV.times("/slow/"))
    gaps = [b - a for a, b in zip(t, t[1:])]
    assert min(gaps) >= 0.2, f"requests to one host {gaps} apart, want >= 0.25 s"


@case
def robots_txt_missing_failing_or_slow():
    """Other origins: robots.txt 404 (everything allowed), 503 (the site's
    pages fail, named), and a Crawl-delay that spaces the requests."""
    servers = [Server().start() for _ in range(3)]
    try:
        missing, failing, slow = servers
        for srv in servers:
            for n in range(3):
                srv.pages[f"/p{n}.html"] = article(f"other-{n}")
        failing.pages["/robots.txt"] = Page(b"oops", "text/plain", status=503, etag=None, last_modified=None)
        slow.pages["/robots.txt"] = Page("User-agent: *\nCrawl-delay: 0.4\n", "text/plain")
        urls = [srv.url(f"/p{n}.html") for srv in servers for n in range(3)]
        r = kiji("fetch", *urls, "--retries", "1", "--per-host", "3", state=state_path("robots_other"))
        eq(r.code, 1, "exit")
        eq(r.locations(), sorted(srv.url(f"/p{n}.html") for srv in (missing, slow) for n in range(3)), "records")
        for n in range(3):
            line = r.line_for(failing.url(f"/p{n}.html"))
            assert "robots.txt unavailable: HTTP 503" in line and "gave up after 1 retry" in line, line
        eq(failing.count("/p0.html"), 0, "no page requested without robots.txt")
        t = sorted(slow.times("/p"))
        gaps = [b - a for a, b in zip(t, t[1:])]
        assert min(gaps) >= 0.35, f"Crawl-delay 0.4 not kept: {gaps}"
    finally:
        for srv in servers:
            srv.stop()


@case
def closed_stdout_stops_quietly():
    p = subprocess.Popen([KIJI, "fetch", *[u(f"/page/{n}.html") for n in range(1, 6)], *FAST, "--per-host", "1",
                          "--no-state"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    eq(p.wait(30), 0, "exit after the reader left")
    assert "Broken pipe" not in err and "error" not in err.lower(), err


@case
def bad_urls_are_failed_lines_and_usage_errors_exit_2():
    r = kiji("fetch", "ftp://example.org/x", "not a url", u("/page/1.html"), state=state_path("bad"))
    eq(r.code, 1, "exit")
    eq(len(r.records), 1, "records")
    assert "not an http or https URL" in r.line_for("ftp://example.org/x"), r.err
    r = kiji("fetch", state=state_path("bad2"))
    eq(r.code, 2, "no URLs")
    r = kiji("fetch", u("/page/1.html"), "--concurrency", "0", state=state_path("bad3"))
    eq(r.code, 2, "--concurrency 0")
    r = kiji("feed", state=state_path("bad4"))
    eq(r.code, 2, "feed without URLs")
    notdb = os.path.join(TMP, "not-a-db")
    with open(notdb, "w") as f:
        f.write("this is not a database" * 100)
    r = kiji("fetch", u("/page/1.html"), state=notdb)
    eq(r.code, 2, "state file that is not a database")
    assert r.lines and r.lines[0].startswith(f"kiji: {notdb}: "), r.err


@case
def url_lists_from_a_file_and_stdin():
    path = os.path.join(TMP, "urls.txt")
    with open(path, "w") as f:
        f.write(f"# pages\n{u('/page/1.html')}\n\n  {u('/page/2.html')}  \n{u('/page/1.html')}\n")
    r = kiji("fetch", "--urls", path, state=state_path("list"))
    eq(r.locations(), sorted([u("/page/1.html"), u("/page/2.html")]), "file (duplicates once)")
    r = kiji("fetch", "--urls", "-", state=state_path("list2"), stdin=(u("/page/3.html") + "\n").encode())
    eq(r.locations(), [u("/page/3.html")], "stdin")


@case
def default_state_path_and_quiet():
    home = os.path.join(TMP, "xdg")
    env = dict(os.environ, XDG_STATE_HOME=home)
    r = kiji("fetch", u("/page/1.html"), u("/status/404"), "--quiet", env=env)
    assert os.path.exists(os.path.join(home, "kiji", "state.db")), "state under $XDG_STATE_HOME/kiji"
    eq(r.code, 1, "exit")
    eq(len(r.lines), 1, "--quiet: only the failure")
    assert "HTTP 404" in r.lines[0], r.lines
    env = dict(os.environ, HOME=os.path.join(TMP, "home"))
    env.pop("XDG_STATE_HOME", None)
    kiji("fetch", u("/page/1.html"), env=env)
    assert os.path.exists(os.path.join(TMP, "home", ".local", "state", "kiji", "state.db")), "state under ~/.local/state"


# --- Cases: feeds -------------------------------------------------------------


def feed_site():
    P = SRV.pages
    for name in ["rss1", "rss2", "rdf1", "rdf2", "atom1", "atom2", "sm1", "sm2", "news1", "news2"]:
        P[f"/a/{name}.html"] = article(name)
    P["/f/rss.xml"] = Page(rss([(u("/a/rss1.html"), "RSS one", "Mon, 03 Mar 2025 10:00:00 +0900"),
                                ("/a/rss2.html", "RSS two &amp; more", "Tue, 04 Mar 2025 23:30:00 -0500")]),
                           "application/rss+xml")
    P["/f/rdf.xml"] = Page(f"""<?xml version="1.0" encoding="Shift_JIS"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="{SRV.base}/"><title>RDF</title><dc:language>ja</dc:language></channel>
 <item rdf:about="{u('/a/rdf1.html')}"><title>RDF記事一</title><link>{u('/a/rdf1.html')}</link>
   <dc:date>2025-03-05T09:00:00+09:00</dc:date></item>
 <item rdf:about="{u('/a/rdf2.html')}"><title>RDF記事二</title><link>{u('/a/rdf2.html')}</link>
   <dc:date>2025-03-06</dc:date></item>
</rdf:RDF>""".encode("shift_jis"), "application/rdf+xml")
    P["/f/atom.xml"] = Page(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="{SRV.base}/a/">
 <title>Atom</title>
 <entry><title type="html">Atom &lt;b&gt;one&lt;/b&gt;</title><link rel="alternate" href="atom1.html"/>
   <link rel="self" href="/x.xml"/><published>2025-03-07T08:00:00Z</published><updated>2025-03-08T08:00:00Z</updated></entry>
 <entry><title>Atom two</title><link href="{u('/a/atom2.html')}"/><updated>2025-03-09T08:00:00Z</updated></entry>
</feed>""", "application/atom+xml")
    P["/f/sitemap.xml"] = Page(f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>{u('/a/sm1.html')}</loc><lastmod>2025-03-10</lastmod></url>
 <url><loc>{u('/a/sm2.html')}</loc></url>
</urlset>""", "application/xml")
    P["/f/news.xml"] = Page(f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>{u('/a/news1.html')}</loc><news:news><news:publication><news:name>Wire</news:name>
   <news:language>en</news:language></news:publication><news:publication_date>2025-03-11T06:00:00+00:00</news:publication_date>
   <news:title>News one</news:title></news:news></url>
 <url><loc>{u('/a/news2.html')}</loc><news:news><news:publication_date>2025-03-12</news:publication_date>
   <news:title>News two</news:title></news:news></url>
</urlset>""", "application/xml")
    P["/f/index.xml"] = Page(f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>{u('/f/sitemap.xml')}</loc></sitemap><sitemap><loc>{u('/f/news.xml')}</loc></sitemap>
</sitemapindex>""", "application/xml")
    P["/f/recoverable.xml"] = Page(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>A & B</title>
<item><title>R</title><link>{u('/a/rss1.html')}</link></item></channel></rss>""", "application/rss+xml")
    P["/f/broken.xml"] = Page("this is { not xml", "application/rss+xml")
    P["/f/html.xml"] = Page(article("not-a-feed").body, "text/html")


@case
def feeds_in_every_format():
    feed_site()
    r = kiji("feed", u("/f/rss.xml"), u("/f/rdf.xml"), u("/f/atom.xml"), u("/f/index.xml"), state=state_path("feeds"))
    eq(r.code, 0, f"exit ({r.err})")
    names = ["rss1", "rss2", "rdf1", "rdf2", "atom1", "atom2", "sm1", "sm2", "news1", "news2"]
    eq(r.locations(), sorted(u(f"/a/{n}.html") for n in names), "one record per article")
    by = {x["source"]["location"].rsplit("/", 1)[1][:-5]: x for x in r.records}
    want = {
        "rss1": ("RSS one", "2025-03-03"), "rss2": ("RSS two & more", "2025-03-04"),
        "rdf1": ("RDF記事一", "2025-03-05"), "rdf2": ("RDF記事二", "2025-03-06"),
        "atom1": ("Atom one", "2025-03-07"), "atom2": ("Atom two", "2025-03-09"),
        "news1": ("News one", "2025-03-11"), "news2": ("News two", "2025-03-12"),
    }
    for name, (title, published) in want.items():
        eq((by[name]["title"], by[name]["published"]), (title, published), name)
    eq(r.summary()["records"], 10, "records")


@case
def sitemap_indexes_that_loop_or_nest_too_deep_end():
    feed_site()
    SRV.pages["/f/self.xml"] = Page(f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>{u('/f/self.xml')}</loc></sitemap><sitemap><loc>{u('/f/deep1.xml')}</loc></sitemap>
</sitemapindex>""", "application/xml")
    for n in range(1, 6):
        SRV.pages[f"/f/deep{n}.xml"] = Page(f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{u(f'/f/deep{n + 1}.xml')}</loc></sitemap>
<sitemap><loc>{u('/f/sitemap.xml')}</loc></sitemap></sitemapindex>""", "application/xml")
    r = kiji("feed", u("/f/self.xml"), state=state_path("deep"))
    eq(r.code, 0, f"exit ({r.err})")
    eq(r.locations(), [u("/a/sm1.html"), u("/a/sm2.html")], "records")
    line = r.line_for(u("/f/deep3.xml"))
    assert "nested deeper than 3 levels; not followed" in line, line
    eq(SRV.count("/f/deep4.xml"), 0, "not followed")


@case
def malformed_feeds_fail_clearly_the_others_go_through():
    feed_site()
    r = kiji("feed", u("/f/broken.xml"), u("/f/html.xml"), u("/f/recoverable.xml"), u("/f/atom.xml"),
             state=state_path("malformed"))
    eq(r.code, 1, "exit")
    eq(r.locations(), sorted([u("/a/rss1.html"), u("/a/atom1.html"), u("/a/atom2.html")]), "records")
    line = r.line_for(u("/f/broken.xml"))
    assert "not well-formed XML: line 1" in line, line
    line = r.line_for(u("/f/html.xml"))
    assert "not a feed or sitemap: an HTML page" in line, line
    line = r.line_for(u("/f/recoverable.xml"))
    assert "warning: not well-formed XML (line 1" in line and "stray '&'" in line, line
    eq(r.summary()["failed"], 2, "failed")


CRON_ITEMS = []


def cron_feed():
    SRV.pages["/cron/feed.xml"] = Page(rss([(u(f"/cron/{n}.html"), f"Cron {n}", "Wed, 05 Mar 2025 10:00:00 GMT")
                                            for n in CRON_ITEMS]), "application/rss+xml")
    for n in CRON_ITEMS:
        SRV.pages[f"/cron/{n}.html"] = article(f"cron-{n}")


@case
def cron_feed_runs_emit_each_article_once():
    st = state_path("cron")
    CRON_ITEMS[:] = [1, 2, 3, 4]
    cron_feed()
    SRV.reset_counts()
    r1 = kiji("feed", u("/cron/feed.xml"), state=st)
    eq(r1.code, 0, "exit")
    eq(r1.locations(), sorted(u(f"/cron/{n}.html") for n in CRON_ITEMS), "first run: every article once")

    SRV.reset_counts()
    r2 = kiji("feed", u("/cron/feed.xml"), state=st)
    eq(r2.code, 0, "exit")
    eq(r2.records, [], "second run: nothing")
    with SRV.lock:
        sent = [(p, h) for p, h, _ in SRV.log]
    assert sent, "the second run asked nothing at all"
    for path, headers in sent:
        assert "If-None-Match" in headers or "If-Modified-Since" in headers, f"unconditional request for {path}"
    eq(r2.summary()["not_modified"], 1, "the feed was not modified")

    CRON_ITEMS[:] = [1, 2, 3, 4, 5, 6]
    cron_feed()
    SRV.reset_counts()
    r3 = kiji("feed", u("/cron/feed.xml"), state=st)
    eq(r3.locations(), [u("/cron/5.html"), u("/cron/6.html")], "third run: exactly the new ones")
    for n in [1, 2, 3, 4]:
        eq(SRV.count(f"/cron/{n}.html"), 0, f"known article {n} not asked again")

    r4 = kiji("feed", u("/cron/feed.xml"), "--all", state=st)
    eq(len(r4.records), 6, "--all: everything again")


@case
def a_changed_feed_date_asks_again_conditionally():
    st = state_path("redated")
    SRV.pages["/rd/a.html"] = article("redated")
    SRV.pages["/rd/feed.xml"] = Page(rss([(u("/rd/a.html"), "A", "Wed, 05 Mar 2025 10:00:00 GMT")]))
    eq(len(kiji("feed", u("/rd/feed.xml"), state=st).records), 1, "first run")
    SRV.pages["/rd/feed.xml"] = Page(rss([(u("/rd/a.html"), "A", "Thu, 06 Mar 2025 10:00:00 GMT")]))
    SRV.reset_counts()
    r = kiji("feed", u("/rd/feed.xml"), state=st)
    eq(r.records, [], "same page: nothing")
    eq(SRV.conditional_count("/rd/a.html"), 1, "asked again, conditionally")


@case
def two_concurrent_runs_emit_each_article_once():
    st = state_path("concurrent")
    names = [f"c{n}" for n in range(12)]
    for n in names:
        SRV.pages[f"/cc/{n}.html"] = Page(article(n).body, delay=0.15)
    SRV.pages["/cc/feed.xml"] = Page(rss([(u(f"/cc/{n}.html"), n, "Wed, 05 Mar 2025 10:00:00 GMT") for n in names]))
    urls = [u(f"/cc/{n}.html") for n in names]
    argv_feed = [KIJI, "feed", u("/cc/feed.xml"), *FAST, "--state", st]
    argv_fetch = [KIJI, "fetch", *urls, *FAST, "--state", st]
    procs = [subprocess.Popen(a, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for a in
             (argv_feed, argv_fetch, argv_fetch)]
    outs = [p.communicate(timeout=60) for p in procs]
    locs = []
    for out, err in outs:
        run = Run(0, out.decode(), err.decode(), 0)
        locs += [x["source"]["location"] for x in run.records]
        s = run.summary()
        assert s["failed"] == 0, err.decode()
    eq(sorted(locs), sorted(urls), "each article exactly once across the three runs")


def killed_run(name, sig, settle):
    """Runs `kiji feed` on 5 articles, one at a time; article 3 hangs until
    the run is killed with `sig` (after `settle` seconds). The next run must
    emit articles 3 to 5 and nothing else."""
    st = state_path(name)
    gate = threading.Event()
    names = ["k1", "k2", "k3", "k4", "k5"]
    for n in names:
        SRV.pages[f"/{name}/{n}.html"] = article(n)

    def blocked(h):
        gate.wait(30)
        h.send_page(article("k3"))

    SRV.routes[f"/{name}/k3.html"] = blocked
    SRV.pages[f"/{name}/feed.xml"] = Page(rss([(u(f"/{name}/{n}.html"), n, "Wed, 05 Mar 2025 10:00:00 GMT")
                                               for n in names]))
    argv = [KIJI, "feed", u(f"/{name}/feed.xml"), *FAST, "--per-host", "1", "--concurrency", "1", "--state", st]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = []
    try:
        for _ in range(2):
            first.append(json.loads(p.stdout.readline()))
        time.sleep(settle)
        p.send_signal(sig)
        code = p.wait(10)
    finally:
        gate.set()
    eq(code, -sig, "killed by the signal")
    eq([x["source"]["location"] for x in first], [u(f"/{name}/k1.html"), u(f"/{name}/k2.html")], "before the kill")
    del SRV.routes[f"/{name}/k3.html"]
    r = kiji("feed", u(f"/{name}/feed.xml"), state=st)
    eq(r.code, 0, f"exit ({r.err})")
    eq(r.locations(), [u(f"/{name}/{n}.html") for n in ["k3", "k4", "k5"]], "the rest, once")


@case
def a_killed_run_loses_nothing():
    # SIGKILL while the run waits for the network. (Killed in the instant
    # between writing a record and recording it, the record is written again
    # next time: never lost.)
    killed_run("kill9", signal.SIGKILL, 0.3)


@case
def a_terminated_run_records_what_it_wrote():
    # SIGTERM right after a record is read: it is recorded before the run stops.
    killed_run("term", signal.SIGTERM, 0)


def main():
    global KIJI, TMP, SRV
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", required=True)
    ap.add_argument("-k", default="", help="run cases whose name contains this")
    args = ap.parse_args()
    KIJI = os.path.abspath(args.kiji)
    SRV = Server().start()
    setup_site()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="kiji-fetch-") as tmp:
        TMP = tmp
        for fn in CASES:
            if args.k and args.k not in fn.__name__:
                continue
            t = time.monotonic()
            try:
                fn()
                passed += 1
                print(f"ok    {fn.__name__} ({time.monotonic() - t:.1f} s)")
            except Exception:
                failed += 1
                print(f"FAIL  {fn.__name__}")
                traceback.print_exc()
    SRV.stop()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
