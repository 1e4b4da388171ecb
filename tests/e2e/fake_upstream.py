"""A small OpenAI-compatible upstream for the connection tests, standard library only:
`GET /v1/models` lists one model for `Authorization: Bearer <key>`, and answers 401 the way
OpenAI does otherwise. `delay` (seconds) slows every answer, to see the UI's spinner."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = {"object": "list", "data": [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "e2e"}]}
UNAUTHORIZED = {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
                          "param": None, "code": "invalid_api_key"}}


class FakeOpenAI:
    def __init__(self, key: str):
        self.key = key
        self.delay = 0.0
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, authorization)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                fake.requests.append(("GET", self.path, self.headers.get("Authorization")))
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path.split("?", 1)[0].rstrip("/") != "/v1/models":
                    return self.answer(404, {"error": {"message": "Not found", "type": "invalid_request_error",
                                                       "param": None, "code": None}})
                if self.headers.get("Authorization") == f"Bearer {fake.key}":
                    return self.answer(200, MODELS)
                return self.answer(401, UNAUTHORIZED)

            def answer(self, status: int, payload) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-openai", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class ClosedPort:
    """A loopback port where nothing listens, held for the life of the object: the socket is
    bound but never listens, so connecting is refused and nothing else can take the port."""

    def __init__(self):
        import socket
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.socket.close()
