"""Fixtures of the topology suite (see README.md here): the deployment (database, two replicas,
nginx), the fake Hub, and a browser that reaches nginx by its public name over HTTPS."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from topology import POSTGRES_ENV, PUBLIC_HOST, Database, Nginx, Replica, artifacts_dir, start_replicas

import fakes
from browser import new_driver, quit_driver

# Figures printed in the terminal summary (and read by scripts/test).
REPORT: list[str] = []


@dataclass
class Topology:
    database: Database
    replicas: list[Replica]
    data_dir: Path
    nginx: Nginx

    @property
    def url(self) -> str:
        """What the browser opens: nginx, by the public host name."""
        return self.nginx.url

    def running(self) -> list[Replica]:
        return [r for r in self.replicas if r.proc is not None and r.proc.poll() is None]


_current: list[Topology] = []


@pytest.fixture
def topology():
    admin_url = os.environ.get(POSTGRES_ENV, "").strip()
    if not admin_url:
        pytest.skip(f"set {POSTGRES_ENV} to a PostgreSQL URL whose user may create databases (scripts/test does)")
    database = Database(admin_url)
    replicas, data_dir, nginx = [], None, None
    try:
        replicas, data_dir = start_replicas(database.url)
        nginx = Nginx([f"127.0.0.1:{r.port}" for r in replicas])
        deployment = Topology(database, replicas, data_dir, nginx)
        _current.append(deployment)
        yield deployment
        _current.remove(deployment)
    finally:
        if nginx is not None:
            nginx.cleanup()
        for replica in replicas:
            replica.stop()
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)
        database.drop()


@pytest.fixture
def hub():
    """The run's fake Hugging Face Hub (started on first use), reset before and after."""
    instance = fakes.run_hub()
    instance.reset()
    yield instance
    instance.reset()


@pytest.fixture
def browser():
    """Headless Chromium that resolves the public host name to 127.0.0.1 and accepts nginx's
    self-signed certificate."""
    driver = new_driver("en-US", 1280, 800, extra_args=(f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1",),
                        insecure_certs=True)
    yield driver
    quit_driver(driver)


def pytest_sessionfinish(session, exitstatus):
    fakes.stop_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    driver = item.funcargs.get("browser")
    if driver is not None:
        try:
            path = artifacts_dir() / f"{item.name}.png"
            driver.save_screenshot(str(path))
            console = "\n".join(f"{e['level']} {e['message']}" for e in driver.get_log("browser")[-30:])
            report.sections.append(("browser", f"url: {driver.current_url}\nscreenshot: {path}\n"
                                               f"console:\n{console or '(empty)'}"))
        except Exception as error:  # diagnostics only
            report.sections.append(("browser", f"(no diagnostics: {error})"))
    for deployment in _current:
        for replica in deployment.replicas:
            report.sections.append((f"hangar serve ({replica.label}, {replica.log_path}) log tail",
                                    replica.log_tail(25)))
        report.sections.append(("nginx error log", deployment.nginx.error_log()))


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("hangar topology figures")
        for line in REPORT:
            terminalreporter.write_line(line)
