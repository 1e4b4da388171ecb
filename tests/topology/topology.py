"""The production topology on one machine: a fresh database on the run's PostgreSQL, two `hangar
serve` replicas sharing it, the server key, the admin token and the data dir (so the models
folder), and nginx from Debian with the shipped deploy/nginx/hangar.conf in front of both
(written by deploy/lib/nginx_conf.py, as deploy/check does)."""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for extra in (REPO / "tests" / "e2e", REPO / "tests" / "lib", REPO / "deploy" / "lib"):
    sys.path.insert(0, str(extra))

import fakes  # noqa: E402
import nginx_conf  # noqa: E402
from hangar_server import TOKEN, HangarServer  # noqa: E402
from processes import free_port  # noqa: E402

PUBLIC_HOST = nginx_conf.SERVER_NAME  # the shipped server_name and the certificate's name
POSTGRES_ENV = "HANGAR_TEST_POSTGRES_URL"


def artifacts_dir() -> Path:
    raw = os.environ.get("HANGAR_ARTIFACTS_DIR", "").strip() or "/tmp/hangar-test-artifacts"
    path = Path(raw) / "topology"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------- PostgreSQL


class Database:
    """A database of its own on the PostgreSQL at admin_url (made with psql, dropped at the end)."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.name = f"hangar_topology_{secrets.token_hex(4)}"
        parts = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        self._psql("CREATE DATABASE " + self.name)

    def _psql(self, sql: str) -> None:
        bin_dir = os.environ.get("HANGAR_PG_BIN", "").strip()
        psql = str(Path(bin_dir) / "psql") if bin_dir and (Path(bin_dir) / "psql").exists() else shutil.which("psql")
        if not psql:
            raise RuntimeError("psql not found: set HANGAR_PG_BIN (scripts/test does)")
        subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", self.admin_url, "-c", sql],
                       check=True, capture_output=True, timeout=30)

    def drop(self) -> None:
        try:
            self._psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        except (subprocess.SubprocessError, OSError):
            pass


# --------------------------------------------------------------------------- replicas


class Replica(HangarServer):
    """One `hangar serve` of the topology, logging at info level: its request lines say which
    replica answered a stream, and its download lines where a download starts or resumes."""

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def count(self, needle: str) -> int:
        return self.log_text().count(needle)

    def holds_open(self, path: Path) -> bool:
        """Whether this process has path open (the downloader writes `<file>.part`)."""
        if self.proc is None:
            return False
        try:
            fds = os.listdir(f"/proc/{self.proc.pid}/fd")
        except OSError:
            return False
        for fd in fds:
            try:
                if os.readlink(f"/proc/{self.proc.pid}/fd/{fd}") == str(path):
                    return True
            except OSError:
                pass
        return False

    def resumed_from(self) -> list[int]:
        """The `resumed_from` of each "download starting" line of its log, oldest first."""
        return [int(m) for m in re.findall(r'"msg":"download starting".*?"resumed_from":"(\d+)"', self.log_text())]

    def terminate(self, timeout: float) -> tuple[float, int | None]:
        """SIGTERM (the graceful stop); (seconds until it exited, its exit status), the status
        None when it was still running after timeout (then it is killed)."""
        proc = self.proc
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            rc = None
        elapsed = time.monotonic() - started
        self.stop()  # closes the log; kills it when it is still running
        return elapsed, rc


def start_replicas(database_url: str, count: int = 2) -> tuple[list[Replica], Path]:
    """count replicas started at once, as one deployment: one database, one server key, one
    admin token, one data dir (the shared models folder), the public host nginx serves, and the
    run's fake Hugging Face Hub. Returns them and the data dir."""
    data_dir = Path(tempfile.mkdtemp(prefix="hangar-topology-"))
    env = {
        "DATABASE_URL": database_url,
        "HANGAR_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
        "HANGAR_ADMIN_TOKEN": TOKEN,
        "HANGAR_PUBLIC_HOST": PUBLIC_HOST,
        "HANGAR_HF_ENDPOINT": fakes.run_hub().url,
        "HANGAR_LOG_LEVEL": "info",
    }
    replicas = [Replica(f"topology-{chr(ord('a') + i)}", env=env, data_dir=data_dir, log_dir=artifacts_dir())
                for i in range(count)]
    # The first one migrates the empty database; the others then start on it together.
    started: list[Replica] = []
    try:
        for replica in replicas:
            replica.start()
            started.append(replica)
    except Exception:
        for replica in started:
            replica.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
        raise
    return replicas, data_dir


# --------------------------------------------------------------------------- nginx


class Nginx:
    """nginx with the shipped hangar.conf on free loopback ports in front of the replicas, each
    listed the way hangar.conf's comment says (`max_fails=1 fail_timeout=10s`)."""

    STARTUP_DEADLINE = 10.0

    def __init__(self, upstreams: list[str]):
        self.binary = nginx_conf.find_nginx()
        if self.binary is None:
            raise RuntimeError("nginx is not installed (scripts/test installs Debian's: apt-get install nginx)")
        self.dir = Path(tempfile.mkdtemp(prefix="hangar-topology-nginx-"))
        self.https = free_port()
        self.http = free_port()
        servers = [f"{upstream} max_fails=1 fail_timeout=10s" for upstream in upstreams]
        self.conf = nginx_conf.write_site(self.dir, servers, self.https, self.http)
        self.proc = subprocess.Popen([self.binary, "-p", str(self.dir), "-c", str(self.conf), "-g", "daemon off;"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(self.dir / "stderr.log", "wb"), start_new_session=True)
        if not self._wait_listening():
            self.stop()
            raise RuntimeError(f"nginx did not start:\n{self.error_log()}")

    @property
    def url(self) -> str:
        return f"https://{PUBLIC_HOST}:{self.https}"

    def _wait_listening(self) -> bool:
        deadline = time.monotonic() + self.STARTUP_DEADLINE
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.https), timeout=1) as raw:
                    with context.wrap_socket(raw, server_hostname=PUBLIC_HOST):
                        return True
            except OSError:
                time.sleep(0.05)
        return False

    def error_log(self) -> str:
        text = ""
        for name in ("stderr.log", "error.log"):
            try:
                text += (self.dir / name).read_text(errors="replace")
            except OSError:
                pass
        return "\n".join(text.splitlines()[-30:]) or "(empty)"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # fast shutdown: open streams do not hold it
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
