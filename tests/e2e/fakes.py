"""The upstream fakes of the suite: `hangar-fakes` processes (the Swift fakes of
Sources/HangarTesting, built by scripts/test; HANGAR_FAKES_BIN), seeded and steered through
their /_fake/ routes (see `hangar-fakes --help`), and a port where nothing listens."""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from processes import FakeProcess, http  # noqa: E402


# --------------------------------------------------------------------------- Hugging Face Hub


@dataclass
class HubFile:
    sha256: str
    size: int


class FakeHub(FakeProcess):
    """`hangar-fakes hub`: files are registered by the test that downloads them."""

    def __init__(self):
        super().__init__("hub")

    def add_gguf(self, repo: str, path: str, size: int = 4 * 1024 * 1024, rate: int | None = None) -> HubFile:
        """A valid GGUF file of size bytes at repo/path, its body throttled to rate bytes/s."""
        body = {"repo": repo, "path": path, "size": size, "gguf": True}
        if rate:
            body["bytes_per_second"] = rate
        info = self.control("POST", "hub/files", body)
        return HubFile(sha256=info["sha256"], size=info["size"])

    def add_repo(self, repo: str, downloads: int = 0) -> None:
        """An open repository the Hub's search lists, ranked by its downloads."""
        self.control("POST", "hub/repos", {"repo": repo, "access": "open", "downloads": downloads})

    def add_file(self, repo: str, path: str, size: int) -> None:
        """A file of size bytes that is listed but not a GGUF model (a part of a split one)."""
        self.control("POST", "hub/files", {"repo": repo, "path": path, "size": size})

    def gate(self, repo: str, token: str) -> None:
        """A gated repository: 401 without a token, 403 with another one."""
        self.control("POST", "hub/repos", {"repo": repo, "access": "gated", "token": token})

    def requests_for(self, name: str, method: str | None = None) -> list[dict]:
        """Recorded requests whose path ends with /name, oldest first."""
        return [r for r in self.requests() if r["path"].endswith("/" + name) and method in (None, r["method"])]


# --------------------------------------------------------------------------- Ollama


class FakeOllama(FakeProcess):
    """`hangar-fakes ollama`: an Ollama server, its registry and the library on one URL."""

    def __init__(self):
        super().__init__("ollama")

    def api(self, method: str, path: str, body=None):
        status, payload, _ = http(method, self.url + path, body)
        assert status == 200, f"{method} {path} -> {status}: {payload}"
        return payload

    def pace_pulls(self, bytes_per_second: int) -> None:
        self.control("POST", "ollama/pull-behaviour", {"bytes_per_second": bytes_per_second})

    def calls(self, path: str) -> list:
        """The bodies of the requests to path, oldest first."""
        return [r.get("body") for r in self.requests() if r["path"] == path]

    def names(self) -> list[str]:
        return sorted(model["name"] for model in self.api("GET", "/api/tags")["models"])

    def running_names(self) -> list[str]:
        return sorted(model["name"] for model in self.api("GET", "/api/ps")["models"])

    def digest(self, name: str) -> str | None:
        return next((m["digest"] for m in self.api("GET", "/api/tags")["models"] if m["name"] == name), None)

    def load(self, name: str) -> None:
        """name loaded in memory, as after a request."""
        self.control("POST", "ollama/load", {"model": name})

    def ignore_unloads(self, count: int) -> None:
        """The next count soft unloads are answered but ignored, as by a busy model."""
        self.control("POST", "ollama/ignore-unloads", {"count": count})

    def copy(self, source: str, destination: str) -> None:
        """destination as a copy of source, as `ollama cp` makes: a name the registry does not know."""
        self.api("POST", "/api/copy", {"source": source, "destination": destination})

    def publish_update(self, name: str) -> str:
        return self.control("POST", "ollama/publish-update", {"model": name})["digest"]

    def registry_digest(self, name: str) -> str:
        model, _, tag = name.partition(":")
        status, _, headers = http("HEAD", f"{self.url}/v2/library/{model}/manifests/{tag or 'latest'}")
        assert status == 200, f"no manifest for {name}: {status}"
        return headers["Docker-Content-Digest"].removeprefix("sha256:")

    def manifest_requests(self) -> list[str]:
        return [r["path"] for r in self.requests() if "/manifests/" in r["path"]]

    def library_down(self, down: bool = True) -> None:
        self.control("POST", "ollama/library", {"down": down})


# --------------------------------------------------------------------------- OpenAI


class FakeOpenAI(FakeProcess):
    """`hangar-fakes openai` requiring key (any key or none when None), listing models on `GET
    /v1/models` (by default one, fake-model), answering "You said: <the last user message>",
    12 tokens in and 8 out, for any model (with any_model) or only the listed ones."""

    def __init__(self, key: str | None, models: tuple[str, ...] = ("fake-model",), any_model: bool = True):
        args = ["--key", key] if key else []
        for name in models:
            args += ["--model", name]
        if any_model:
            args.append("--any-model")
        super().__init__("openai", *args, "--echo", "12:8")

    @property
    def completions(self) -> list[dict]:
        """The JSON bodies of the chat completions received, oldest first."""
        return [r["body"] for r in self.requests() if r["path"] == "/v1/chat/completions"]

    def calls(self) -> list[tuple[str, str, str | None]]:
        return [(r["method"], r["path"], r["headers"].get("authorization")) for r in self.requests()]

    def rate_limit_next(self, count: int) -> None:
        """The next count completions answer 429 with Retry-After: 1."""
        self.control("POST", "openai/rate-limit", {"count": count, "retry_after": "1"})

    def delay(self, seconds: float) -> None:
        """Every answer waits this long first (to see the UI's spinner)."""
        self.control("POST", "delay", {"ms": int(seconds * 1000)})


class ClosedPort:
    """A loopback port where nothing listens, held for the life of the object: the socket is
    bound but never listens, so connecting is refused and nothing else can take the port."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.socket.close()


# --------------------------------------------------------------------------- the run's fakes

_running: dict[str, FakeProcess] = {}


def run_hub() -> FakeHub:
    """The run's fake Hub, started on first use: every server of the run downloads from it
    (HANGAR_HF_ENDPOINT), never from huggingface.co."""
    if "hub" not in _running:
        _running["hub"] = FakeHub()
    return _running["hub"]


def run_ollama() -> FakeOllama:
    """The run's fake Ollama, started on first use: every server of the run reads its
    registry and library (HANGAR_OLLAMA_REGISTRY, HANGAR_OLLAMA_LIBRARY)."""
    if "ollama" not in _running:
        _running["ollama"] = FakeOllama()
    return _running["ollama"]


def stop_all() -> None:
    while _running:
        _running.popitem()[1].stop()
