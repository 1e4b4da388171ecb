"""A small OpenAI-compatible upstream, standard library only: `GET /v1/models` lists one model
and `POST /v1/chat/completions` answers in OpenAI's exact format (a `chat.completion` with
deterministic `usage`: `prompt_tokens` and `completion_tokens` as set, 12 and 8 by default)
for `Authorization: Bearer <key>`; both answer 401 the way OpenAI does otherwise.
`rate_limit_next(n)` makes the next n completions answer 429 with `Retry-After: 1` (OpenAI's
rate-limit body and headers). `delay` (seconds) slows every answer, to see the UI's spinner.
`completions` records each completion request's JSON body. `python3 fake_upstream.py` runs
it alone for a look with curl."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = {"object": "list", "data": [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "e2e"}]}
UNAUTHORIZED = {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
                          "param": None, "code": "invalid_api_key"}}
RATE_LIMITED = {"error": {"message": "Rate limit reached for requests. Please try again in 1s.", "type": "requests",
                          "param": None, "code": "rate_limit_exceeded"}}


def completion(model: str, text: str, prompt_tokens: int, completion_tokens: int, created: int) -> dict:
    """A non-streamed chat completion as OpenAI's API returns it."""
    return {
        "id": f"chatcmpl-e2e{created}", "object": "chat.completion", "created": created, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None, "annotations": []},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens,
                  "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                  "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                                "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
        "service_tier": "default", "system_fingerprint": "fp_e2e",
    }


def answer_to(body: dict) -> str:
    """The fake's deterministic answer: it repeats the last user message."""
    messages = body.get("messages") or []
    last = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), "")
    if isinstance(last, list):  # content parts
        last = " ".join(part.get("text", "") for part in last if isinstance(part, dict))
    return f"You said: {last}"[:400]


class FakeOpenAI:
    def __init__(self, key: str, prompt_tokens: int = 12, completion_tokens: int = 8):
        self.key = key
        self.delay = 0.0
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, authorization)
        self.completions: list[dict] = []  # JSON bodies of POST /v1/chat/completions
        self._lock = threading.Lock()
        self._rate_limited = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                fake.requests.append(("GET", self.path, self.headers.get("Authorization")))
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path.split("?", 1)[0].rstrip("/") != "/v1/models":
                    return self.not_found()
                if self.headers.get("Authorization") == f"Bearer {fake.key}":
                    return self.answer(200, MODELS)
                return self.answer(401, UNAUTHORIZED)

            def do_POST(self):  # noqa: N802
                fake.requests.append(("POST", self.path, self.headers.get("Authorization")))
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path.split("?", 1)[0].rstrip("/") != "/v1/chat/completions":
                    return self.not_found()
                if self.headers.get("Authorization") != f"Bearer {fake.key}":
                    return self.answer(401, UNAUTHORIZED)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    return self.answer(400, {"error": {"message": "We could not parse the JSON body of your request.",
                                                       "type": "invalid_request_error", "param": None, "code": None}})
                with fake._lock:
                    fake.completions.append(body)
                    limited = fake._rate_limited > 0
                    if limited:
                        fake._rate_limited -= 1
                if limited:
                    return self.answer(429, RATE_LIMITED, {
                        "Retry-After": "1", "x-ratelimit-limit-requests": "3", "x-ratelimit-remaining-requests": "0",
                        "x-ratelimit-reset-requests": "1s"})
                return self.answer(200, completion(str(body.get("model", "")), answer_to(body),
                                                   fake.prompt_tokens, fake.completion_tokens, int(time.time())))

            def not_found(self) -> None:
                self.answer(404, {"error": {"message": "Not found", "type": "invalid_request_error", "param": None, "code": None}})

            def answer(self, status: int, payload, headers: dict | None = None) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
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

    def rate_limit_next(self, count: int) -> None:
        """The next `count` completions answer 429 with Retry-After: 1."""
        with self._lock:
            self._rate_limited = count

    def reset(self) -> None:
        with self._lock:
            self._rate_limited = 0
            self.completions.clear()
        self.delay = 0.0


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


if __name__ == "__main__":
    fake = FakeOpenAI("sk-local").start()
    print(f"fake OpenAI on {fake.url} (key sk-local); Ctrl-C stops it")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()
