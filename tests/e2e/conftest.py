"""Fixtures of the web UI's end-to-end suite: a real `hangar serve` on a temp data dir
(hangar_server.py), its upstreams as `hangar-fakes` processes (fakes.py), driven through
headless Chromium with Selenium (browser.py). See README.md in this directory."""

from __future__ import annotations

import uuid

import fakes
import pytest
from selenium import webdriver
from browser import WAIT, App, _drivers, new_driver, quit_driver, set_viewport, tid, unique  # noqa: F401 (for the tests)
from hangar_server import ARTIFACTS, REPO, TOKEN, HangarServer  # noqa: F401 (for the tests)

SCREENSHOTS = REPO / "docs" / "screenshots"

# Figures printed in the terminal summary (first-load transfer sizes, screenshots).
REPORT: list[str] = []


# --------------------------------------------------------------------------- fakes


@pytest.fixture
def hub():
    """The run's fake Hugging Face Hub, reset (no repository, nothing recorded) before and
    after the test."""
    instance = fakes.run_hub()
    instance.reset()
    yield instance
    instance.reset()


@pytest.fixture
def ollama():
    """The run's fake Ollama server, registry and library, reset (the default models
    installed, up to date, nothing loaded, pulls unpaced, the library up) before and after."""
    instance = fakes.run_ollama()
    instance.reset()
    yield instance
    instance.reset()


def pytest_sessionfinish(session, exitstatus):
    fakes.stop_all()


# --------------------------------------------------------------------------- server

_servers: list[HangarServer] = []


@pytest.fixture(scope="session")
def server():
    """The shared server of the run."""
    yield from _serving(HangarServer("shared"))


@pytest.fixture
def own_server():
    """A server of this test alone (the offline test stops it)."""
    yield from _serving(HangarServer(f"own-{uuid.uuid4().hex[:6]}"))


def _serving(srv: HangarServer):
    """Starts srv, hands it to the test, and cleans it up; registered meanwhile so a failed run
    can still stop it."""
    _servers.append(srv)
    srv.start()
    yield srv
    srv.cleanup()
    _servers.remove(srv)



# --------------------------------------------------------------------------- browser


@pytest.fixture
def browser_factory():
    """new_driver(...) for browsers of one test, all quit at its end."""
    made: list[webdriver.Chrome] = []

    def make(**kwargs):
        driver = new_driver(**kwargs)
        made.append(driver)
        return driver

    yield make
    for driver in made:
        quit_driver(driver)


@pytest.fixture(scope="session")
def _desktop_driver():
    driver = new_driver("en-US", 1280, 800, perf_log=True)
    yield driver
    quit_driver(driver)


@pytest.fixture(scope="session")
def _phone_driver():
    driver = new_driver("en-US", 390, 844)
    yield driver
    quit_driver(driver)


@pytest.fixture
def desktop(server, _desktop_driver):
    """The shared English desktop browser (1280×800), against the shared server."""
    set_viewport(_desktop_driver, 1280, 800)
    return App(_desktop_driver, server)


@pytest.fixture
def phone(server, _phone_driver):
    """The shared English phone browser (390×844), against the shared server."""
    set_viewport(_phone_driver, 390, 844)
    return App(_phone_driver, server)



# --------------------------------------------------------------------------- diagnostics


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.name)
        for index, driver in enumerate(list(_drivers)):
            try:
                path = ARTIFACTS / f"{safe}-{index}.png"
                driver.save_screenshot(str(path))
                logs = driver.get_log("browser")
                console = "\n".join(f"{entry['level']} {entry['message']}" for entry in logs[-30:])
                report.sections.append((f"browser {index}", f"url: {driver.current_url}\nscreenshot: {path}\n"
                                                            f"console:\n{console or '(empty)'}"))
            except Exception as error:
                report.sections.append((f"browser {index}", f"(no diagnostics: {error})"))
        for srv in list(_servers):
            report.sections.append((f"hangar serve ({srv.label}) log tail", srv.log_tail()))


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("hangar e2e figures")
        for line in REPORT:
            terminalreporter.write_line(line)
