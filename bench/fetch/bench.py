#!/usr/bin/env python3
"""bench/fetch: kiji fetch against `xargs -P8 curl` on the same 2,000 local
pages, in the same run, and kiji's memory per in-flight transfer.

A small asyncio HTTP/1.1 server (keep-alive, precomputed responses, its own
process) serves N pages made from the seed articles (fixtures/seeds),
wrapped in HTML, a few KB each. Then, one after the other:
  - kiji fetch --urls LIST (records to a file; extraction included),
  - xargs -P8 -n1 curl (one curl process per URL, the usual idiom),
  - xargs -P8 -n100 curl (each curl fetches 100 URLs on one connection),
each timed for pages per second. Memory: kiji fetches 256 pages the server
holds for 0.5 s each, with --concurrency 1 and 256; the difference in peak
RSS over 255 is the memory of one in-flight transfer (handle, buffers, body).

    python3 bench/fetch/bench.py --kiji build/kiji [--pages 2000]
    ninja -C build bench_fetch
"""
import argparse
import asyncio
import glob
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IN_FLIGHT = 256  # transfers held open at once for the memory figure


def make_pages(n):
    seeds = []
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "seeds", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            seeds.append(f.read())
    if not seeds:
        seeds = ["Sony Group Corp. signed an agreement with Toyota Motor Corp. on March 3, 2025 worth $5 billion.\n" * 20]
    pages = []
    for i in range(n):
        text = seeds[i % len(seeds)]
        paras = "".join(f"<p>{p}</p>\n" for p in text.split("\n") if p.strip())
        html = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Page {i}</title></head><body>"
                f"<nav><a href=\"/\">Home</a></nav><article><p>Page {i}.</p>\n{paras}</article>"
                f"<footer>© bench</footer></body></html>")
        pages.append(html.encode("utf-8"))
    return pages


def response(body, status=b"200 OK", ctype=b"text/html; charset=utf-8"):
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\nContent-Length: " +
            str(len(body)).encode() + b"\r\n\r\n" + body)


class HttpProtocol(asyncio.Protocol):
    routes = {}
    slow = {}

    def connection_made(self, transport):
        self.transport = transport
        self.buf = b""

    def data_received(self, data):
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            line = head.split(b"\r\n", 1)[0]
            parts = line.split(b" ")
            path = parts[1] if len(parts) > 1 else b"/"
            if path in self.routes:
                self.transport.write(self.routes[path])
            elif path in self.slow:
                data = self.slow[path]
                asyncio.get_running_loop().call_later(0.5, lambda d=data: self.transport.is_closing() or
                                                      self.transport.write(d))
            else:
                self.transport.write(response(b"not found\n", b"404 Not Found", b"text/plain"))


def serve(port_file, n):
    pages = make_pages(n)
    HttpProtocol.routes = {f"/p/{i}.html".encode(): response(b) for i, b in enumerate(pages)}
    HttpProtocol.slow = {f"/slow/{i}.html".encode(): response(pages[i % n]) for i in range(IN_FLIGHT)}

    async def main():
        server = await asyncio.get_running_loop().create_server(HttpProtocol, "127.0.0.1", 0, backlog=1024)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.sockets[0].getsockname()[1]))
        os.rename(port_file + ".tmp", port_file)
        await server.serve_forever()

    asyncio.run(main())


def timed(argv, stdout, stdin=None):
    """Runs argv; returns (seconds, exit code, stderr)."""
    t = time.monotonic()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        p = subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, stdin=inp)
    return time.monotonic() - t, p.returncode, p.stderr.decode("utf-8", "replace")


def peak_rss_kib(argv):
    """Runs argv; returns (exit code, peak RSS in KiB, stderr). Reads VmHWM
    from /proc while it runs: ru_maxrss would count the forking Python."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    status_file = f"/proc/{p.pid}/status"
    while p.poll() is None:
        try:
            with open(status_file) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.01)
    err = p.stderr.read()
    return p.returncode, peak, err.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiji", default=os.path.join(ROOT, "build", "kiji"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.pages)
        return 0

    tmp = tempfile.mkdtemp(prefix="kiji-bench-fetch-")
    port_file = os.path.join(tmp, "port")
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve", port_file,
                               "--pages", str(args.pages)])
    try:
        for _ in range(200):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        port = int(open(port_file).read())
        base = f"http://127.0.0.1:{port}"
        urls = [f"{base}/p/{i}.html" for i in range(args.pages)]
        url_file = os.path.join(tmp, "urls.txt")
        with open(url_file, "w") as f:
            f.write("\n".join(urls) + "\n")
        n = len(urls)
        kiji_flags = ["--no-state", "--ignore-robots", "--delay", "0", "--quiet"]
        results = []

        # Warm the server and the page cache once.
        subprocess.run(["curl", "-s", "-o", "/dev/null", urls[0]], check=False)

        for conc in (8, 32):
            out = os.path.join(tmp, f"kiji{conc}.jsonl")
            with open(out, "wb") as o:
                secs, code, err = timed([args.kiji, "fetch", "--urls", url_file, *kiji_flags, "--concurrency", str(conc),
                                         "--per-host", str(conc)], o)
            with open(out, "rb") as o:
                records = sum(1 for _ in o)
            if code != 0 or records != n:
                print(f"kiji fetch --concurrency {conc} failed: exit {code}, {records} records\n{err}", file=sys.stderr)
                return 1
            results.append((f"kiji fetch --concurrency {conc} (extraction incl.)", secs))

        for per in (1, 100):
            secs, code, err = timed(["xargs", "-P8", "-n", str(per), "curl", "-s", "-o", "/dev/null"], subprocess.DEVNULL,
                                    stdin=url_file)
            if code != 0:
                print(f"xargs curl failed: {err}", file=sys.stderr)
                return 1
            results.append((f"xargs -P8 -n{per} curl -s -o /dev/null", secs))

        print(f"bench/fetch: {n} pages from 127.0.0.1 ({sum(len(b) for b in make_pages(n)) / n / 1024:.1f} KiB each),"
              f" {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        for name, secs in results:
            print(f"  {name:48s} {secs:6.2f} s  {n / secs:8.0f} pages/s")

        # Memory: the server holds each /slow/ page 0.5 s, so with
        # --concurrency IN_FLIGHT that many transfers are open at once.
        rss = {}
        for conc, count in ((1, 4), (IN_FLIGHT, IN_FLIGHT)):
            slow = [f"{base}/slow/{i}.html" for i in range(count)]
            argv = [args.kiji, "fetch", *slow, *kiji_flags, "--concurrency", str(conc), "--per-host", str(conc),
                    "--workers", "1", "--timeout", "60"]
            code, kib, err = peak_rss_kib(argv)
            if code != 0:
                print(f"memory run failed: {err}", file=sys.stderr)
                return 1
            rss[conc] = kib
        per = (rss[IN_FLIGHT] - rss[1]) / (IN_FLIGHT - 1)
        print(f"  peak RSS: {rss[1] / 1024:.1f} MiB with 1 transfer in flight, {rss[IN_FLIGHT] / 1024:.1f} MiB with"
              f" {IN_FLIGHT}: {per:.0f} KiB per in-flight transfer")
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
