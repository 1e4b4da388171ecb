"""What the Python suites (tests/e2e, tests/gateway) share to run Hangar's processes: where
the binaries are, one HTTP call with the standard library, a free port, and waiting for a
server's /health."""

from __future__ import annotations

import json
import os
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
