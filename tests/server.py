"""A real threaded HTTP server on 127.0.0.1 serving fixture pages with real faults.

Started by the ``fixture_server`` pytest fixture (tests/conftest.py) and by
benchmarks/fetch_bench.py. It listens on a random port, counts requests per
path (``server.count("/plain")``) and records request headers, so tests can
assert that a cached source made no request, or that a header was not sent.

Routes (query strings are ignored unless noted):

    /pages/<name>             a file from fixtures/pages (type from its suffix)
    /charset/<name>[?header=X] an encoded page; with ``header`` its charset is sent
    /slow?s=SECONDS           sleeps before the headers
    /concurrent               sleeps 0.15 s; the server records the most in flight at once
    /trickle                  sends headers, then one byte every 0.1 s for 5 s
    /flaky/<key>              500 on the first request for <key>, then the plain page
    /ratelimited/<key>        429 with Retry-After: 1 on the first request, then the page
    /status/<code>            that status with a short body
    /redirect/<n>             n redirects, then the plain page
    /loop/a, /loop/b          redirect to each other
    /redirect-to?url=U        302 to U (any URL, for the safety tests)
    /big                      2 MB body with Content-Length
    /big-stream               2 MB body without Content-Length (closes the connection)
    /gzip-bomb                ~50 KB of gzip that expands to 50 MB of zeros
    /gzip-page                the plain page, gzip-encoded
    /etag                     the plain page with an ETag; honours If-None-Match (304)
    /etag-moved               301 to /etag
    /pdf                      a small valid PDF built with pypdf
    /binary, /image.png       bytes that are not text
    /json-as-html             JSON served as text/html
    /set-cookie, /echo        set a cookie; echo the request's Cookie/Authorization
    /consent/<page>           302 to /consent/accept (which sets a cookie and redirects
                              back) until the request carries that cookie; then the page;
                              /consent/accept?back=self redirects to itself, cookie and all
    /robots.txt               disallows /private/
    /wayback?url=U            a stand-in for the Wayback availability API
    /archived/<anything>      the archived copy the stand-in points at
    /bench/<n>                a small page
    /mutable/<key>            the page a test set with ``server.pages[key]`` (HTML), with
                              an ETag of its content; honours If-None-Match (304);
                              ?novalidators: no ETag, If-None-Match ignored
    /lying-charset/<kind>     utf8-as-latin1: UTF-8 bytes declared ISO-8859-1;
                              latin1-as-utf8: Latin-1 bytes declared UTF-8
    /script-flood?kb=N        N KB of unclosed "<script>" tags and nothing else
    /news/<nnnnn>-<slug>      page n of benchmarks/perf_corpus.py (seed 1), as its drafts cite
    /hostile/<kind>           misbehaviour: hangup, garbage, short-body, bad-location,
                              brotli, bad-gzip, huge-retry-after, huge-header,
                              unicode-retry-after (Retry-After: ²), arabic-retry-after,
                              garbage-retry-after, c1-content-type, deflate-split
                              (zlib-wrapped deflate whose first chunk is one byte)
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".txt": "text/plain"}
_CHARSETS = {"latin1": "iso-8859-1", "cp1252": "windows-1252", "sjis": "shift_jis"}


def make_pdf(text: str = "The ferry line opened on Monday.") -> bytes:
    """A one-page PDF whose page shows ``text`` (pypdf writes it, no binary fixture)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream.set_data(f"BT /F1 10 Tf 10 100 Td ({escaped}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata({"/Title": "Ferry report"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"\0" * 1_000_000
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, compressor.flush()])


class FixtureServer:
    """The server, its thread and what it has seen."""

    def __init__(self, *, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        self.latency = latency
        self.counts: Counter[str] = Counter()
        self.headers: list[tuple[str, dict[str, str]]] = []
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.pages: dict[str, str] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._bomb: bytes | None = _gzip_bomb(50_000_000)
        # Built now, not on the first request: importing pypdf inside a request took
        # longer than a short client timeout on a busy machine.
        self._pdf: bytes | None = make_pdf()
        self.httpd = _QuietServer((host, 0), _handler_for(self))
        address, port = self.httpd.server_address[:2]
        self.host: str = address if isinstance(address, str) else address.decode()
        self.port: int = port
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def reset_concurrency(self) -> None:
        with self._lock:
            self.max_in_flight = 0

    def headers_for(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [h for p, h in self.headers if p == path]

    def count(self, path: str) -> int:
        with self._lock:
            return self.counts[path]

    def seen(self, path: str) -> int:
        """Increment and return how many times ``path`` was requested (1 on the first)."""
        with self._lock:
            self.counts[path] += 1
            return self.counts[path]

    def bomb(self) -> bytes:
        if self._bomb is None:
            self._bomb = _gzip_bomb(50_000_000)
        return self._bomb

    def pdf(self) -> bytes:
        if self._pdf is None:
            self._pdf = make_pdf()
        return self._pdf


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up early (timeouts, size caps) is what the tests provoke


Route = Callable[["_Handler", dict[str, list[str]]], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: FixtureServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        state = self.server_state
        state.seen(parts.path)
        with state._lock:
            state.headers.append((parts.path, {k.lower(): v for k, v in self.headers.items()}))
        if state.latency:
            time.sleep(state.latency)
        self._route(parts.path, parse_qs(parts.query))

    def _route(self, path: str, query: dict[str, list[str]]) -> None:
        for prefix, route in _ROUTES:
            if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
                route(self, query)
                return
        self.send_body(404, b"no such fixture", "text/plain")

    def send_body(
        self, code: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, code: int = 302) -> None:
        self.send_body(code, b"", "text/plain", {"Location": location})

    def tail(self, prefix: str) -> str:
        return urlsplit(self.path).path[len(prefix) :]


def _handler_for(state: FixtureServer) -> type[_Handler]:
    return type("BoundHandler", (_Handler,), {"server_state": state})


def _plain() -> bytes:
    return (PAGES / "plain.html").read_bytes()


def _page(h: _Handler, q: dict[str, list[str]]) -> None:
    path = PAGES / h.tail("/pages/")
    if not path.is_file() or path.parent != PAGES:
        h.send_body(404, b"missing", "text/plain")
        return
    h.send_body(200, path.read_bytes(), _TYPES.get(path.suffix, "application/octet-stream"))


def _charset(h: _Handler, q: dict[str, list[str]]) -> None:
    name = h.tail("/charset/")
    path = PAGES / f"{name}.html"
    family = name.split("-")[0]
    if not path.is_file() or family not in _CHARSETS:
        h.send_body(404, b"missing", "text/plain")
        return
    ctype = "text/html"
    if "header" in q:
        ctype += f"; charset={q['header'][0] or _CHARSETS[family]}"
    h.send_body(200, path.read_bytes(), ctype)


def _slow(h: _Handler, q: dict[str, list[str]]) -> None:
    time.sleep(float(q.get("s", ["2"])[0]))
    h.send_body(200, _plain(), "text/html")


def _concurrent(h: _Handler, q: dict[str, list[str]]) -> None:
    state = h.server_state
    with state._lock:
        state.in_flight += 1
        state.max_in_flight = max(state.max_in_flight, state.in_flight)
    time.sleep(0.15)
    with state._lock:
        state.in_flight -= 1
    h.send_body(200, _plain(), "text/html")


def _trickle(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "50")
    h.end_headers()
    try:
        for _ in range(50):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass  # the client gave up, as it should


def _flaky(h: _Handler, q: dict[str, list[str]]) -> None:
    if h.server_state.count(urlsplit(h.path).path) == 1:
        h.send_body(500, b"boom", "text/plain")
    else:
        h.send_body(200, _plain(), "text/html")


def _ratelimited(h: _Handler, q: dict[str, list[str]]) -> None:
    if h.server_state.count(urlsplit(h.path).path) == 1:
        h.send_body(429, b"slow down", "text/plain", {"Retry-After": "1"})
    else:
        h.send_body(200, _plain(), "text/html")


def _status(h: _Handler, q: dict[str, list[str]]) -> None:
    code = int(h.tail("/status/"))
    extra = {"Retry-After": "0"} if code in (429, 503) else {}
    h.send_body(code, f"status {code}".encode(), "text/plain", extra)


def _redirect_n(h: _Handler, q: dict[str, list[str]]) -> None:
    n = int(h.tail("/redirect/"))
    h.redirect("/pages/plain.html" if n <= 1 else f"/redirect/{n - 1}", 301 if n % 2 else 302)


def _loop(h: _Handler, q: dict[str, list[str]]) -> None:
    h.redirect("/loop/b" if h.path.endswith("/a") else "/loop/a")


def _redirect_to(h: _Handler, q: dict[str, list[str]]) -> None:
    h.redirect(q["url"][0])


def _big(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, b"<p>" + b"a" * 2_000_000 + b"</p>", "text/html")


def _big_stream(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True
    try:
        for _ in range(200):
            h.wfile.write(b"b" * 10_000)
    except OSError:
        pass


def _gzip_bomb_route(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, h.server_state.bomb(), "text/html", {"Content-Encoding": "gzip"})


def _gzip_page(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, gzip.compress(_plain()), "text/html", {"Content-Encoding": "gzip"})


def _etag(h: _Handler, q: dict[str, list[str]]) -> None:
    if h.headers.get("If-None-Match") == '"v1"':
        h.send_response(304)
        h.send_header("ETag", '"v1"')
        h.send_header("Content-Length", "0")
        h.end_headers()
        return
    h.send_body(200, _plain(), "text/html", {"ETag": '"v1"'})


def _etag_moved(h: _Handler, q: dict[str, list[str]]) -> None:
    h.redirect("/etag", 301)


def _pdf(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, h.server_state.pdf(), "application/pdf")


def _binary(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, bytes(range(256)) * 8, "application/octet-stream")


def _image(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")


def _json_as_html(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, (PAGES / "data.json").read_bytes(), "text/html; charset=utf-8")


def _set_cookie(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, _plain(), "text/html", {"Set-Cookie": "session=abc123; Path=/"})


def _echo(h: _Handler, q: dict[str, list[str]]) -> None:
    seen = {"cookie": h.headers.get("Cookie"), "authorization": h.headers.get("Authorization")}
    h.send_body(200, json.dumps(seen).encode(), "application/json")


def _consent(h: _Handler, q: dict[str, list[str]]) -> None:
    """A cookie-consent wall: the article redirects to /consent/accept until the cookie
    is sent; /consent/accept sets it and redirects back (to ``back``)."""
    if h.tail("/consent/") == "accept":
        back = q.get("back", ["/consent/article"])[0]
        back = h.path if back == "self" else back  # ?back=self: a loop that sets a cookie
        h.send_body(302, b"", "text/plain", {"Location": back, "Set-Cookie": "consent=yes; Path=/"})
    elif "consent=yes" in (h.headers.get("Cookie") or ""):
        h.send_body(200, _plain(), "text/html")
    else:
        h.redirect(f"/consent/accept?back={urlsplit(h.path).path}")


def _robots(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, h.server_state.robots.encode(), "text/plain")


def _wayback(h: _Handler, q: dict[str, list[str]]) -> None:
    target = q.get("url", [""])[0]
    if "no-archive" in target:
        answer: dict[str, object] = {"url": target, "archived_snapshots": {}}
    else:
        snapshot = h.server_state.url(f"/archived/20240101000000/{target}")
        closest = {"available": True, "url": snapshot, "timestamp": "20240101000000"}
        answer = {"url": target, "archived_snapshots": {"closest": closest, "status": "200"}}
    h.send_body(200, json.dumps(answer).encode(), "application/json")


def _archived(h: _Handler, q: dict[str, list[str]]) -> None:
    h.send_body(200, (PAGES / "article.html").read_bytes(), "text/html; charset=utf-8")


def _bench(h: _Handler, q: dict[str, list[str]]) -> None:
    n = h.tail("/bench/")
    body = f"<html><head><title>Source {n}</title></head><body><p>Source {n} says the "
    body += "ferry line opened on Monday and carries 120 passengers.</p></body></html>"
    h.send_body(200, body.encode(), "text/html; charset=utf-8")


def _mutable(h: _Handler, q: dict[str, list[str]]) -> None:
    key = h.tail("/mutable/")
    page = h.server_state.pages.get(key)
    if page is None:
        h.send_body(404, b"missing", "text/plain")
        return
    body = page.encode("utf-8")
    if "novalidators" in q:  # a server that offers nothing to revalidate with
        h.send_body(200, body, "text/html; charset=utf-8")
        return
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if h.headers.get("If-None-Match") == etag:
        h.send_response(304)
        h.send_header("ETag", etag)
        h.send_header("Content-Length", "0")
        h.end_headers()
        return
    h.send_body(200, body, "text/html; charset=utf-8", {"ETag": etag})


_LYING = ("<html><body><p>The caf\u00e9 in S\u00e3o Paulo served cr\u00e8me br\u00fbl\u00e9e "
          "to 40 guests on Monday.</p></body></html>")


def _lying_charset(h: _Handler, q: dict[str, list[str]]) -> None:
    kind = h.tail("/lying-charset/")
    if kind == "utf8-as-latin1":
        h.send_body(200, _LYING.encode("utf-8"), "text/html; charset=iso-8859-1")
    else:
        h.send_body(200, _LYING.encode("latin-1"), "text/html; charset=utf-8")


def _script_flood(h: _Handler, q: dict[str, list[str]]) -> None:
    kb = int(q.get("kb", ["80"])[0])
    h.send_body(200, b"<script>" * (kb * 128), "text/html")


def _news(h: _Handler, q: dict[str, list[str]]) -> None:
    from benchmarks.perf_corpus import make_page

    number = h.tail("/news/")[:5]
    if not number.isdigit():
        h.send_body(404, b"no such page", "text/plain")
        return
    h.send_body(200, make_page(1, int(number)).html.encode(), "text/html; charset=utf-8")


def _hostile(h: _Handler, q: dict[str, list[str]]) -> None:
    kind = h.tail("/hostile/")
    h.close_connection = True
    if kind == "deflate-split":
        # Chunked, so the client receives the zlib header's first byte on its own.
        data = zlib.compress(_plain())
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            h.wfile.write(head + b"1\r\n" + data[:1] + b"\r\n")
            h.wfile.flush()
            time.sleep(0.05)
            rest = data[1:]
            h.wfile.write(f"{len(rest):x}\r\n".encode() + rest + b"\r\n0\r\n\r\n")
            h.wfile.flush()
        except OSError:
            pass
        return
    raw: dict[str, bytes] = {
        "hangup": b"",
        "garbage": b"NOT HTTP AT ALL\r\n\r\n",
        "short-body": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n"
        b"\r\n<p>only a little</p>",
        "bad-location": b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n",
        "brotli": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n"
        b"Content-Length: 4\r\n\r\nabcd",
        "bad-gzip": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        b"Content-Length: 10\r\n\r\n\x1f\x8bnotgzip!",
        "huge-retry-after": b"HTTP/1.1 503 Busy\r\nRetry-After: 999999999\r\n"
        b"Content-Length: 0\r\n\r\n",
        "huge-header": b"HTTP/1.1 200 OK\r\nX-Junk: " + b"j" * 300_000 + b"\r\n\r\n",
        # A C1 control (CSI) in a header, which HTTP allows as obs-text.
        "c1-content-type": b"HTTP/1.1 200 OK\r\nContent-Type: video/\x9b2Jmp4\r\n"
        b"Content-Length: 4\r\n\r\nabcd",
        # Digits Python's str.isdigit accepts and float() refuses: superscript two, Arabic-Indic 3.
        "unicode-retry-after": b"HTTP/1.1 503 Busy\r\nRetry-After: \xc2\xb2\r\n"
        b"Content-Length: 0\r\n\r\n",
        "arabic-retry-after": b"HTTP/1.1 429 Slow\r\nRetry-After: \xd9\xa3\r\n"
        b"Content-Length: 0\r\n\r\n",
        "garbage-retry-after": b"HTTP/1.1 503 Busy\r\nRetry-After: Mon, 99 Foo 99999 99:99\r\n"
        b"Content-Length: 0\r\n\r\n",
    }
    try:
        h.wfile.write(raw.get(kind, b""))
        h.wfile.flush()
    except OSError:
        pass


_ROUTES: list[tuple[str, Route]] = [
    ("/hostile/", _hostile),
    ("/pages/", _page),
    ("/charset/", _charset),
    ("/slow", _slow),
    ("/trickle", _trickle),
    ("/concurrent", _concurrent),
    ("/flaky/", _flaky),
    ("/ratelimited/", _ratelimited),
    ("/status/", _status),
    ("/redirect/", _redirect_n),
    ("/loop/", _loop),
    ("/redirect-to", _redirect_to),
    ("/big", _big),
    ("/big-stream", _big_stream),
    ("/gzip-bomb", _gzip_bomb_route),
    ("/gzip-page", _gzip_page),
    ("/etag", _etag),
    ("/etag-moved", _etag_moved),
    ("/pdf", _pdf),
    ("/binary", _binary),
    ("/image.png", _image),
    ("/json-as-html", _json_as_html),
    ("/set-cookie", _set_cookie),
    ("/echo", _echo),
    ("/robots.txt", _robots),
    ("/consent/", _consent),
    ("/wayback", _wayback),
    ("/archived/", _archived),
    ("/bench/", _bench),
    ("/mutable/", _mutable),
    ("/lying-charset/", _lying_charset),
    ("/script-flood", _script_flood),
    ("/news/", _news),
]
