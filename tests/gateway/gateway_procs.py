"""The processes of the gateway suite: one `hangar serve` an engine and the `hangar-fakes`
upstreams, on free ports, with the admin REST API and the fakes' /_fake/ control routes.
Independent of the e2e suite (no Selenium): only the standard library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from processes import REPO, FakeProcess, binary_path, free_port, http, stop_process, wait_healthy  # noqa: E402

ADMIN_TOKEN = "gateway-admin-token-0123456789abcdef"
STARTUP_DEADLINE = 60.0


def artifacts_dir() -> Path:
    raw = os.environ.get("HANGAR_ARTIFACTS_DIR", "").strip() or "/tmp/hangar-test-artifacts"
    path = Path(raw)
    path.mkdir(parents=True, exist_ok=True)
    return path


def binary(variable: str, name: str) -> Path:
    path = binary_path(variable, name)
    if not path.is_file():
        raise RuntimeError(f"{name} not found at {path}: run `swift build` first or set {variable}")
    return path


class Fake(FakeProcess):
    """A completion fake (`openai`, `azure`, `ollama`) and its stream steering."""

    def streams(self, ended: int | None = None) -> list[dict]:
        """Every stream it served, in start order; with ended, once that many have ended."""
        return self.control("GET", "completions/streams" + (f"?ended={ended}" if ended is not None else ""))

    def steer_streams(self, **behaviour) -> None:
        """How the next streams go (pieces, pause_ms, fail_after); none given: the defaults."""
        self.control("POST", "completions/stream", behaviour)


class Server:
    """One `hangar serve` on a temp data dir and a free port: SQLite there, or PostgreSQL at
    database_url."""

    def __init__(self, engine: str, env: dict[str, str], database_url: str | None = None):
        self.engine = engine
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"hangar-gateway-{engine}-"))
        self.log_path = artifacts_dir() / f"gateway-server-{engine}.log"
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._env = env
        self._database_url = database_url

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        hangar = binary("HANGAR_BIN", "hangar")
        for attempt in range(3):  # a free port can be taken between the probe and the bind
            self.port = free_port()
            env = dict(os.environ)
            env.pop("DATABASE_URL", None)
            if self._database_url:
                env["DATABASE_URL"] = self._database_url
            env.update(self._env, HANGAR_DATA_DIR=str(self.data_dir), HANGAR_HOST="127.0.0.1",
                       HANGAR_PORT=str(self.port), HANGAR_ADMIN_TOKEN=ADMIN_TOKEN, HANGAR_LOG_LEVEL="warning")
            with open(self.log_path, "wb" if attempt == 0 else "ab") as log:
                log.write(f"--- {hangar} serve ({self.engine}) on port {self.port}\n".encode())
                log.flush()
                self.proc = subprocess.Popen([str(hangar), "serve"], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            if self._wait_healthy():
                return self
            rc = self.proc.poll()
            self.stop()
            if rc is None:  # running but never healthy: another port would not help
                break
        raise RuntimeError(f"hangar serve ({self.engine}) did not become healthy; log: {self.log_path}\n"
                           f"{self.log_tail()}")

    def _wait_healthy(self) -> bool:
        return wait_healthy(self.url, self.proc, STARTUP_DEADLINE)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        stop_process(proc)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # --- the admin REST API

    def api(self, method: str, path: str, body=None):
        return http(method, self.url + path, body, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    def ok(self, method: str, path: str, body=None):
        status, payload, _ = self.api(method, path, body)
        assert 200 <= status < 300, f"{method} {path} -> {status}: {payload}"
        return payload
