"""What the Python suites (tests/e2e, tests/gateway) share to run Hangar's processes: where
the binaries are, one HTTP call with the standard library, a free port, waiting for a
server's /health, stopping a process, and a `hangar-fakes` process with its /_fake/ routes."""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def binary_path(variable: str, name: str) -> Path:
    """The binary `variable` names (relative paths from the repository), else .build/debug/NAME."""
    raw = os.environ.get(variable, "").strip()
    path = Path(raw) if raw else REPO / ".build" / "debug" / name
    return path if path.is_absolute() else REPO / path


def http(method: str, url: str, body=None, headers: dict | None = None, timeout: float = 15):
    """(status, parsed JSON or text or None, headers) of one request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, answer_headers = error.code, error.read(), error.headers
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, parsed, answer_headers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, deadline_seconds: float) -> bool:
    """True once GET URL/health answers 200; False if the process exits first or time runs out."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        try:  # the poll interval, which also notices an early exit
            proc.wait(timeout=0.1)
            return False
        except subprocess.TimeoutExpired:
            pass
    return False


def stop_process(proc: subprocess.Popen | None) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class FakeProcess:
    """One `hangar-fakes KIND --port 0 ARGS…`, its URL read from the line it prints once it
    listens (a fake that never prints it is not waited for past 30 s)."""

    STARTUP_DEADLINE = 30.0

    def __init__(self, kind: str, *args: str):
        binary = binary_path("HANGAR_FAKES_BIN", "hangar-fakes")
        if not binary.is_file():
            raise RuntimeError(f"hangar-fakes not found at {binary}: run `swift build` first or set HANGAR_FAKES_BIN")
        self.kind = kind
        self.proc = subprocess.Popen([str(binary), kind, "--port", "0", *args], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, start_new_session=True)  # stderr: the run's own
        ready, _, _ = select.select([self.proc.stdout], [], [], self.STARTUP_DEADLINE)
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"hangar-fakes {kind} did not start (its first line: {line!r})")
        self.url = line.removeprefix("listening on ")

    def control(self, method: str, route: str, body=None):
        status, payload, _ = http(method, f"{self.url}/_fake/{route}", body)
        assert status == 200, f"{method} /_fake/{route} -> {status}: {payload}"
        return payload

    def requests(self) -> list[dict]:
        """The requests received since the last reset (control routes excepted): method, path,
        uri, headers (lower-case names), body; oldest first."""
        return self.control("GET", "requests")

    def reset(self) -> None:
        self.control("POST", "reset")

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc.stdout.close()
