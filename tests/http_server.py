"""A real HTTP/1.1 server on 127.0.0.1 for client tests (never a mock of httpx): each test
queues canned replies and then inspects every request the server received."""

from __future__ import annotations

import collections
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

# How long a streaming reply keeps going while waiting for the client to hang up.
STREAM_PATIENCE_SECONDS = 5.0


@dataclass
class Reply:
    """One canned response. ``json`` wins over ``body``; ``chunks`` are streamed."""

    status: int = 200
    json: object = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    chunks: list[bytes] | None = None  # sent with chunked encoding, one write each
    keep_streaming: bool = False  # after the chunks, send SSE comments until the client leaves
    hang_up: bool = False  # close the connection without answering


@dataclass
class RecordedRequest:
    method: str
    path: str  # raw, still percent-encoded
    query: str  # raw query string
    headers: dict[str, str]  # lower-cased names
    body: bytes
    client_port: int  # same port = same (reused) connection

    def json(self) -> object:
        return json.loads(self.body)

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)


class ScriptedServer:
    def __init__(self) -> None:
        self.replies: collections.deque[Reply] = collections.deque()
        self.requests: list[RecordedRequest] = []
        self.client_disconnected = threading.Event()
        self._http = _HTTPServer(self)
        # A short poll interval: shutdown() waits up to one interval, after every test.
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def reply_json(self, data: object, status: int = 200, **headers: str) -> None:
        self.reply(Reply(status=status, json=data, headers=headers))

    @property
    def last(self) -> RecordedRequest:
        return self.requests[-1]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, scripted: ScriptedServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scripted = scripted

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-reply (timeouts, early stops) are expected here


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, fmt: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        scripted = self.server.scripted
        path, _, query = self.path.partition("?")
        scripted.requests.append(
            RecordedRequest(
                method=self.command,
                path=path,
                query=query,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=self._read_body(),
                client_port=self.client_address[1],
            )
        )
        reply = scripted.replies.popleft() if scripted.replies else _UNSCRIPTED
        time.sleep(reply.delay)
        if reply.hang_up:
            self.close_connection = True
            return
        if reply.chunks is None:
            self._send_whole(reply)
        else:
            self._send_chunked(reply, scripted)

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int(self.rfile.readline().strip(), 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
            return body
        return self.rfile.read(int(self.headers.get("content-length", 0)))

    def _send_whole(self, reply: Reply) -> None:
        body = reply.body
        headers = dict(reply.headers)
        if reply.json is not None:
            body = json.dumps(reply.json).encode()
            headers.setdefault("Content-Type", "application/json")
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_chunked(self, reply: Reply, scripted: ScriptedServer) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in reply.chunks or []:
                self._write_chunk(chunk)
            deadline = time.monotonic() + STREAM_PATIENCE_SECONDS
            while reply.keep_streaming and time.monotonic() < deadline:
                self._write_chunk(b": still here\n\n")
                time.sleep(0.01)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # broken pipe / reset: the client closed the connection
            scripted.client_disconnected.set()
            self.close_connection = True

    def _write_chunk(self, chunk: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.flush()


_UNSCRIPTED = Reply(status=418, body=b"the test scripted no reply for this request")


def running_server() -> Iterator[ScriptedServer]:
    """Body of a pytest fixture: a started server, stopped afterwards."""
    scripted = ScriptedServer()
    scripted.start()
    yield scripted
    scripted.stop()
