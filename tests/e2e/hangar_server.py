"""One `hangar serve` of the end-to-end suite: a real server on a temp data dir and a free
port, downloading from the run's fake Hub and Ollama registry (fakes.py), never from the
internet; and its REST API, authenticated with the admin token."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from processes import binary_path, free_port, stop_process, wait_healthy  # noqa: E402

import fakes

REPO = Path(__file__).resolve().parents[2]
TOKEN = "e2e-admin-token-0123456789abcdef"
ARTIFACTS = Path(os.environ.get("HANGAR_E2E_ARTIFACTS", "/tmp/hangar-e2e-artifacts"))
STARTUP_DEADLINE = 60.0


def hangar_binary() -> Path:
    return binary_path("HANGAR_BIN", "hangar")





class HangarServer:
    """One `hangar serve` process on a temp data dir and a free port. tests/topology passes env
    (more variables, which win: DATABASE_URL, HANGAR_SECRET_KEY…), a data_dir that replicas
    share, and where the log goes."""

    def __init__(self, label: str, env: dict[str, str] | None = None, data_dir: Path | None = None,
                 log_dir: Path | None = None):
        self.label = label
        self.binary = hangar_binary()
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix=f"hangar-e2e-{label}-"))
        self.extra_env = env or {}
        (log_dir or ARTIFACTS).mkdir(parents=True, exist_ok=True)
        self.log_path = (log_dir or ARTIFACTS) / f"server-{label}.log"
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "HangarServer":
        if not self.binary.is_file():
            raise RuntimeError(
                f"hangar binary not found at {self.binary}: run `swift build` first or set HANGAR_BIN")
        for attempt in range(3):  # a free port can be taken between the probe and the bind
            self.port = free_port()
            env = dict(os.environ)
            env.pop("DATABASE_URL", None)  # SQLite in the temp data dir
            env.update(
                HANGAR_DATA_DIR=str(self.data_dir),
                HANGAR_HOST="127.0.0.1",
                HANGAR_PORT=str(self.port),
                HANGAR_ADMIN_TOKEN=TOKEN,
                HANGAR_LOG_LEVEL="warning",
                HANGAR_HF_ENDPOINT=fakes.run_hub().url,
                # One fake serves the Ollama API, the registry (/v2/) and the library pages.
                HANGAR_OLLAMA_REGISTRY=fakes.run_ollama().url,
                HANGAR_OLLAMA_LIBRARY=fakes.run_ollama().url,
            )
            env.update(self.extra_env)
            self._log = open(self.log_path, "wb" if attempt == 0 else "ab")
            self._log.write(f"--- {self.binary} serve on port {self.port} (attempt {attempt + 1})\n".encode())
            self._log.flush()
            self.proc = subprocess.Popen(
                [str(self.binary), "serve"], cwd=REPO, env=env,
                stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
            if self._wait_healthy():
                return self
            rc = self.proc.poll()
            self.stop()
            if rc is None:  # still running but never healthy: do not retry
                break
        raise RuntimeError(
            f"hangar serve ({self.label}) did not answer GET /health with 200 within {STARTUP_DEADLINE:.0f} s.\n"
            f"Log tail ({self.log_path}):\n{self.log_tail()}")

    def _wait_healthy(self) -> bool:
        return wait_healthy(self.url, self.proc, STARTUP_DEADLINE)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        stop_process(proc)
        if self._log is not None:
            self._log.close()
            self._log = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    # --- REST API, authenticated with the admin token

    def api(self, method: str, path: str, body=None, token: str | None = TOKEN):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None), response.headers
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode(errors="replace")
            return error.code, parsed, error.headers

    def ok(self, method: str, path: str, body=None):
        status, payload, _ = self.api(method, path, body)
        assert 200 <= status < 300, f"{method} {path} -> {status}: {payload}"
        return payload

    def create_model(self, **fields) -> dict:
        return self.ok("POST", "/api/models", fields)

    def get_model(self, model_id: str):
        status, payload, _ = self.api("GET", f"/api/models/{model_id}")
        return status, payload

    def models(self, **query) -> list[dict]:
        items, cursor = [], None
        while True:
            params = dict(query, limit=200)
            if cursor:
                params["cursor"] = cursor
            page = self.ok("GET", "/api/models?" + urllib.parse.urlencode(params))
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    def find_model(self, provider_id: str, api_name: str) -> dict | None:
        for model in self.models(provider=provider_id):
            if model["api_name"] == api_name:
                return model
        return None

    def session_cookie(self) -> str:
        """The value of a fresh hangar_session cookie (POST /api/session)."""
        status, payload, headers = self.api("POST", "/api/session", {"token": TOKEN}, token=None)
        assert status == 204, f"POST /api/session -> {status}: {payload}"
        for header in headers.get_all("Set-Cookie") or []:
            first = header.split(";", 1)[0]
            name, _, value = first.partition("=")
            if name.strip() == "hangar_session":
                return value.strip()
        raise AssertionError(f"no hangar_session cookie in {headers.get_all('Set-Cookie')}")

