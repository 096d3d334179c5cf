"""A scripted HTTP server on 127.0.0.1 for the fetch tests and the fetch
benchmark: normal pages, validators, redirects, error statuses, slow and
broken responses, robots.txt and feeds. It counts every request (and the
conditional ones) per path so tests can check what kiji sent.

    server = Server(); server.start(); base = server.base
    server.pages["/a.html"] = Page(b"<html>...", "text/html")
    ...; server.stop()
"""
import gzip
import hashlib
import http.server
import socket
import threading
import time
from email.utils import formatdate

LAST_MODIFIED = "Mon, 03 Mar 2025 10:00:00 GMT"


class Page:
    """A static response. `etag`/`last_modified`: True derives them, a string
    sets them, None leaves the header out."""

    def __init__(self, body, content_type="text/html; charset=utf-8", status=200, etag=True,
                 last_modified=True, headers=None, delay=0.0):
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.content_type = content_type
        self.status = status
        self.etag = ('"%s"' % hashlib.sha1(self.body).hexdigest()[:16]) if etag is True else etag
        self.last_modified = LAST_MODIFIED if last_modified is True else last_modified
        self.headers = headers or {}
        self.delay = delay


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kiji-test"

    def log_message(self, *args):
        pass

    def do_GET(self):
        srv = self.server.owner
        path = self.path
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        with srv.lock:
            srv.hits[path] = srv.hits.get(path, 0) + 1
            if conditional:
                srv.conditional[path] = srv.conditional.get(path, 0) + 1
            srv.log.append((path, dict(self.headers.items()), time.monotonic()))
        try:
            route = srv.routes.get(path)
            if route is None:
                for prefix, fn in srv.prefix_routes:
                    if path.startswith(prefix):
                        route = fn
                        break
            if route is not None:
                route(self)
                return
            page = srv.pages.get(path)
            if page is None:
                self.send_simple(404, b"not found\n")
                return
            self.send_page(page)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_simple(self, status, body, content_type="text/plain", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_page(self, page):
        if page.delay:
            srv = self.server.owner
            with srv.lock:
                srv.active += 1
                srv.max_active = max(srv.max_active, srv.active)
            time.sleep(page.delay)
            with srv.lock:
                srv.active -= 1
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if page.status == 200 and ((inm and page.etag and inm == page.etag) or
                                   (not inm and ims and page.last_modified and ims == page.last_modified)):
            self.send_response(304)
            if page.etag:
                self.send_header("ETag", page.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = page.body
        headers = dict(page.headers)
        if page.etag:
            headers["ETag"] = page.etag
        if page.last_modified:
            headers["Last-Modified"] = page.last_modified
        self.send_simple(page.status, body, page.content_type, headers)


class Server:
    def __init__(self):
        self.pages = {}
        self.routes = {}
        self.prefix_routes = []
        self.hits = {}
        self.conditional = {}
        self.log = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.httpd = None

    def start(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 256
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.base = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

    def url(self, path):
        return self.base + path

    def count(self, path):
        with self.lock:
            return self.hits.get(path, 0)

    def conditional_count(self, path):
        with self.lock:
            return self.conditional.get(path, 0)

    def reset_counts(self):
        with self.lock:
            self.hits.clear()
            self.conditional.clear()
            self.log.clear()
            self.max_active = 0

    def requests(self, path):
        with self.lock:
            return [h for p, h, _ in self.log if p == path]

    def times(self, path_prefix):
        with self.lock:
            return [t for p, _, t in self.log if p.startswith(path_prefix)]

    def route(self, path, prefix=False):
        def register(fn):
            if prefix:
                self.prefix_routes.append((path, fn))
            else:
                self.routes[path] = fn
            return fn
        return register


class SilentServer:
    """Accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.base = "http://127.0.0.1:%d" % self.port
        self.conns = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)

    def stop(self):
        self.running = False
        for c in self.conns:
            c.close()
        self.sock.close()


def gzip_bytes(data):
    return gzip.compress(data, mtime=0)


def http_date(ts):
    return formatdate(ts, usegmt=True)
