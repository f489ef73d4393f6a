"""A docs site on 127.0.0.1 for the `refgen fetch` tests: a real HTTP/1.1 server (never a mock
of httpx) that serves files from memory the way a static docs host does (a strong ETag and a
Last-Modified on every file, 304 to a conditional request that still matches, an HTML 404
page for anything else), plus routes where a test scripts a hostile server. Every request is
recorded with the status it was answered."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

LAST_MODIFIED = "Sat, 22 Aug 2026 06:00:00 GMT"
NOT_FOUND_PAGE = b"<!DOCTYPE html><html><head><title>Not found</title></head></html>\n"
# How long a hostile reply may go on at most, whatever the client does: tests stop by
# themselves.
PATIENCE_SECONDS = 10.0
_TYPES = {
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
}


@dataclass
class Request:
    path: str  # raw, still percent-encoded, without the query
    headers: dict[str, str]  # lower-cased names
    client_port: int  # one port, one connection (kept alive for the next request)
    status: int = 0  # what the site answered (0: the connection was dropped)


@dataclass
class Site:
    files: dict[str, bytes] = field(default_factory=dict)  # raw URL path → body
    routes: dict[str, Callable[[Responder], None]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}"

    def add_folder(
        self,
        folder: Path,
        prefix: str,
        skip: Callable[[str], bool] = lambda _: False,
    ) -> list[str]:
        """Serve every file of `folder` at `prefix` + its percent-encoded relative path; the
        URL paths of the files served, sorted."""
        served = []
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and not skip(relative):
                url_path = prefix + quote(relative)
                self.files[url_path] = path.read_bytes()
                served.append(url_path)
        return sorted(served)

    def requests_for(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def start(self) -> Site:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


class Responder:
    """What a route gets: the request, and ways to answer it."""

    def __init__(self, handler: _Handler, request: Request) -> None:
        self.handler = handler
        self.request = request

    def send(
        self, status: int, body: bytes = b"", content_type: str | None = None, **headers: str
    ) -> None:
        self.request.status = status
        handler = self.handler
        handler.send_response(status)
        if content_type is not None:
            handler.send_header("Content-Type", content_type)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def send_file(self, body: bytes, content_type: str) -> None:
        """As a static host does: validators, and 304 when the client's copy is current."""
        etag = etag_of(body)
        if _not_modified(self.request.headers, etag):
            self.send(304, ETag=etag, Last_Modified=LAST_MODIFIED)
        else:
            self.send(200, body, content_type, ETag=etag, Last_Modified=LAST_MODIFIED)

    def send_endless(self, content_type: str = "text/markdown") -> bool:
        """A body that never ends (chunked, 64 KiB at a time) until the client hangs up, or
        PATIENCE_SECONDS pass; True when the client hung up."""
        self.request.status = 200
        handler = self.handler
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"# endless\n" + b"x" * 65526
        deadline = time.monotonic() + PATIENCE_SECONDS
        try:
            while time.monotonic() < deadline:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            handler.close_connection = True
            return True
        return False

    def hang_up(self) -> None:
        self.handler.close_connection = True


def _not_modified(headers: dict[str, str], etag: str) -> bool:
    if "if-none-match" in headers:
        tags = [tag.strip() for tag in headers["if-none-match"].split(",")]
        return etag in tags or "*" in tags
    if "if-modified-since" in headers:
        try:
            return parsedate_to_datetime(headers["if-modified-since"]) >= parsedate_to_datetime(
                LAST_MODIFIED
            )
        except (TypeError, ValueError):
            return False
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, site: Site) -> None:
        super().__init__((site.host, 0), _Handler)
        self.site = site

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-reply (size limits, timeouts) are expected here


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, fmt: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.partition("?")[0]
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(path, headers, self.client_address[1])
        site.requests.append(request)
        responder = Responder(self, request)
        route = site.routes.get(path)
        if route is not None:
            route(responder)
        elif path in site.files:
            suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
            responder.send_file(site.files[path], _TYPES.get(suffix, "text/plain"))
        else:
            responder.send(404, NOT_FOUND_PAGE, "text/html; charset=utf-8")


def running_site(host: str = "127.0.0.1") -> Iterator[Site]:
    """Body of a pytest fixture: a started site, stopped afterwards."""
    site = Site(host=host).start()
    yield site
    site.stop()
