"""Fixtures of the web UI's end-to-end suite: a real `hangar serve` on a temp data dir,
driven through headless Chromium with Selenium. See README.md in this directory."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from fake_hub import FakeHub
from fake_ollama import OllamaWorld
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[2]
TOKEN = "e2e-admin-token-0123456789abcdef"
CHROMIUM = os.environ.get("HANGAR_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HANGAR_E2E_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(os.environ.get("HANGAR_E2E_ARTIFACTS", "/tmp/hangar-e2e-artifacts"))
SCREENSHOTS = REPO / "docs" / "screenshots"
STARTUP_DEADLINE = 60.0
WAIT = 10.0

# Figures printed in the terminal summary (first-load transfer sizes, screenshots).
REPORT: list[str] = []


def hangar_binary() -> Path:
    raw = os.environ.get("HANGAR_BIN", "").strip()
    path = Path(raw) if raw else REPO / ".build" / "debug" / "hangar"
    if not path.is_absolute():
        path = REPO / path
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- fake Hugging Face Hub

_hub: FakeHub | None = None


def fake_hub() -> FakeHub:
    """The run's fake Hugging Face Hub (fake_hub.py), started on first use. Every server of
    the run downloads from it (HANGAR_HF_ENDPOINT), never from huggingface.co."""
    global _hub
    if _hub is None:
        _hub = FakeHub().start()
    return _hub


@pytest.fixture
def hub():
    """The fake Hub, reset (unthrottled, nothing recorded) before and after the test."""
    instance = fake_hub()
    instance.reset()
    yield instance
    instance.reset()


# --------------------------------------------------------------------------- fake Ollama

_ollama: OllamaWorld | None = None


def ollama_world() -> OllamaWorld:
    """The run's fake Ollama registry and library (fake_ollama.py; every server of the run
    reads them through HANGAR_OLLAMA_REGISTRY and HANGAR_OLLAMA_LIBRARY), and a fake Ollama
    server pulling from that registry, started on first use."""
    global _ollama
    if _ollama is None:
        _ollama = OllamaWorld()
    return _ollama


@pytest.fixture
def ollama():
    """The fake Ollama world, reset (the default models installed, up to date, nothing
    loaded, unthrottled, the library up) before and after the test."""
    world = ollama_world()
    world.reset()
    yield world
    world.reset()


def pytest_sessionfinish(session, exitstatus):
    global _hub, _ollama
    if _hub is not None:
        _hub.stop()
        _hub = None
    if _ollama is not None:
        _ollama.stop()
        _ollama = None


# --------------------------------------------------------------------------- server


class HangarServer:
    """One `hangar serve` process on a temp data dir and a free port."""

    def __init__(self, label: str):
        self.label = label
        self.binary = hangar_binary()
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"hangar-e2e-{label}-"))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / f"server-{label}.log"
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
                HANGAR_HF_ENDPOINT=fake_hub().url,
                HANGAR_OLLAMA_REGISTRY=ollama_world().registry.url,
                HANGAR_OLLAMA_LIBRARY=ollama_world().library.url,
            )
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
        deadline = time.monotonic() + STARTUP_DEADLINE
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            try:  # doubles as the poll interval, and notices an early exit
                self.proc.wait(timeout=0.1)
                return False
            except subprocess.TimeoutExpired:
                pass
        return False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
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


_servers: list[HangarServer] = []


@pytest.fixture(scope="session")
def server():
    """The shared server of the run."""
    srv = HangarServer("shared")
    _servers.append(srv)
    srv.start()
    yield srv
    srv.cleanup()
    _servers.remove(srv)


@pytest.fixture
def own_server():
    """A server of this test alone (the offline test stops it)."""
    srv = HangarServer(f"own-{uuid.uuid4().hex[:6]}")
    _servers.append(srv)
    srv.start()
    yield srv
    srv.cleanup()
    _servers.remove(srv)


# --------------------------------------------------------------------------- browser

_drivers: list[webdriver.Chrome] = []


def new_driver(lang: str = "en-US", width: int = 1280, height: int = 800, perf_log: bool = False) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        f"--lang={lang}", "--window-size=1280,1000", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--disable-component-update", "--disable-features=Translate,MediaRouter",
    ):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": f"{lang},{lang.split('-')[0]}"})
    logging_prefs = {"browser": "ALL"}
    if perf_log:
        logging_prefs["performance"] = "ALL"
    options.set_capability("goog:loggingPrefs", logging_prefs)
    env = dict(os.environ, LANGUAGE=lang.replace("-", "_"), LANG=lang.replace("-", "_") + ".UTF-8")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER, env=env))
    driver.set_page_load_timeout(30)
    set_viewport(driver, width, height)
    _drivers.append(driver)
    return driver


def quit_driver(driver: webdriver.Chrome) -> None:
    if driver in _drivers:
        _drivers.remove(driver)
    try:
        driver.quit()
    except Exception:
        pass


def set_viewport(driver, width: int, height: int) -> None:
    """Exact viewport (innerWidth × innerHeight, screenshots of that size); phone widths
    emulate a mobile viewport, so the page's <meta name=viewport> is honoured as on a phone."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 640})


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


# --------------------------------------------------------------------------- page helpers


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


class App:
    """The UI in one browser tab, addressed only through the data-testid contract."""

    def __init__(self, driver: webdriver.Chrome, server: HangarServer):
        self.driver = driver
        self.server = server
        self.marker: str | None = None

    # --- waiting and finding

    def wait(self, timeout: float = WAIT) -> WebDriverWait:
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))

    def until(self, condition, message: str, timeout: float = WAIT):
        return self.wait(timeout).until(lambda d: condition(), message)

    def all(self, name: str, root=None):
        return (root or self.driver).find_elements(By.CSS_SELECTOR, tid(name))

    def shown(self, name: str, root=None):
        """The displayed elements with this test id."""
        out = []
        for element in self.all(name, root):
            try:
                if element.is_displayed():
                    out.append(element)
            except StaleElementReferenceException:
                pass
        return out

    def is_shown(self, name: str, root=None) -> bool:
        return bool(self.shown(name, root))

    def visible(self, name: str, root=None, timeout: float = WAIT):
        return self.until(lambda: (self.shown(name, root) or [None])[0],
                          f"no visible [data-testid={name}]", timeout)

    def gone(self, name: str, root=None, timeout: float = WAIT) -> None:
        self.until(lambda: not self.shown(name, root), f"[data-testid={name}] is still visible", timeout)

    def text(self, name: str, root=None) -> str:
        return self.visible(name, root).text.strip()

    def click(self, target, root=None, timeout: float = WAIT) -> None:
        """A real click (the element must be visible and not covered), retried while a
        transient overlay (a toast, a closing sheet) is in the way. `root` may be a callable
        returning the root, for rows that live events may rebuild meanwhile."""
        def attempt():
            if callable(root):  # found again on each try; a stale one just means try again
                scope = root()
                element = (self.shown(target, scope) or [None])[0] if scope is not None and isinstance(target, str) else target
                if element is None or scope is None:
                    return False
            else:
                element = self.visible(target, root, timeout=2) if isinstance(target, str) else target
            try:
                element.click()
                return True
            except (ElementClickInterceptedException, ElementNotInteractableException):
                return False
        self.wait(timeout).until(lambda d: attempt(), f"could not click {target}")

    def fill(self, name: str, value, root=None) -> None:
        element = self.visible(name, root)
        element.clear()
        if element.get_attribute("value"):
            element.send_keys(Keys.CONTROL, "a")
            element.send_keys(Keys.DELETE)
        if value != "":
            element.send_keys(str(value))
        assert element.get_attribute("value") == str(value), f"{name} holds {element.get_attribute('value')!r}"

    def select(self, name: str, value: str, root=None) -> None:
        element = self.visible(name, root)
        Select(element).select_by_value(value)
        assert element.get_attribute("value") == value

    def value(self, name: str, root=None) -> str:
        return self.visible(name, root).get_attribute("value")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    # --- app-level steps

    def open(self, route: str = "#/models", login: bool = True):
        """Loads the app at route (a full page load), sets the no-reload marker, logs in if
        the login screen shows, and waits for the route's page."""
        self.load(route)
        self.until(lambda: self.is_shown("login-token") or self.in_shell(),
                   "neither the login screen nor the shell showed up", timeout=20)
        self.set_marker()
        if login and self.is_shown("login-token"):
            self.login()
        page = {"#/models": "models-page", "#/providers": "providers-page", "#/jobs": "jobs-page", "#/": "dashboard-page"}.get(route)
        if login and route.startswith("#/ollama"):
            # Not through go(): the nav link leads to #/ollama, not to this server's page.
            self.visible("ollama-page", timeout=15)
        elif login and page:
            self.go(page)
        return self

    def load(self, route: str = "") -> None:
        """A full page load of route. Through about:blank, because getting the current URL
        again when it has a fragment is only a same-document navigation."""
        self.driver.get("about:blank")
        self.driver.get(f"{self.server.url}/{route}")

    def in_shell(self) -> bool:
        """The shell is up: its nav is in the DOM (it may sit in a menu on phones) and the
        login screen is not shown."""
        return bool(self.all("nav-models")) and not self.is_shown("login-token")

    def go(self, page: str) -> None:
        """Shows a page without reloading: its nav link when visible, else the hash route."""
        if not self.is_shown(page):
            link = f"nav-{page.split('-')[0]}"
            if self.is_shown(link):
                self.click(link)
            else:
                route = {"models-page": "#/models", "providers-page": "#/providers", "jobs-page": "#/jobs", "ollama-page": "#/ollama"}.get(page, "#/")
                self.js("location.hash = arguments[0];", route)
        self.visible(page)

    def login(self, token: str = TOKEN) -> None:
        self.fill("login-token", token)
        self.click("login-submit")
        self.until(self.in_shell, "the shell did not show after logging in", timeout=15)

    def set_marker(self) -> None:
        self.marker = uuid.uuid4().hex
        self.js("window.__e2eMarker = arguments[0];", self.marker)

    def assert_no_reload(self) -> None:
        assert self.marker is not None
        assert self.js("return window.__e2eMarker;") == self.marker, \
            "window.__e2eMarker is gone: the page was reloaded during the flow"

    def lang(self) -> str:
        return self.js("return document.documentElement.lang;")

    def wait_lang(self, lang: str) -> None:
        self.until(lambda: self.lang() == lang, f"<html lang> is not {lang!r}")

    def row_locator(self, model_id: str) -> str:
        return f'{tid("model-row")}[data-id="{model_id}"]'

    def row(self, model_id: str, timeout: float = WAIT):
        def find():
            for element in self.driver.find_elements(By.CSS_SELECTOR, self.row_locator(model_id)):
                if element.is_displayed():
                    return element
            return None
        return self.until(find, f"no visible model-row with data-id={model_id}", timeout)

    def row_gone(self, model_id: str) -> None:
        self.until(lambda: not any(e.is_displayed() for e in
                                   self.driver.find_elements(By.CSS_SELECTOR, self.row_locator(model_id))),
                   f"model-row {model_id} is still shown")

    def row_text(self, model_id: str, name: str) -> str:
        """Text of a cell of a row, re-finding the row (lists re-render)."""
        return self.until(lambda: self.row(model_id).find_element(By.CSS_SELECTOR, tid(name)).text.strip(),
                          f"no {name} in row {model_id}")

    def wait_row_text(self, model_id: str, name: str, expected: str) -> None:
        self.until(lambda: self.row(model_id).find_element(By.CSS_SELECTOR, tid(name)).text.strip() == expected,
                   f"{name} of row {model_id} never became {expected!r} "
                   f"(last: {self._safe_row_text(model_id, name)!r})")

    def _safe_row_text(self, model_id: str, name: str):
        try:
            return self.row(model_id, timeout=1).find_element(By.CSS_SELECTOR, tid(name)).text
        except Exception as error:  # only for the failure message
            return f"<{type(error).__name__}>"

    def row_action(self, model_id: str, action: str) -> None:
        """Clicks an action of a row: directly in table layout, through model-actions and
        the action sheet in cards layout."""
        layout = self.visible("model-list").get_attribute("data-layout")
        if layout == "cards":
            self.click("model-actions", root=lambda: self.row(model_id))
            sheet = self.visible("action-sheet")
            self.click(action, root=sheet)
        else:
            self.click(action, root=lambda: self.row(model_id))

    def actions_in_row(self, model_id: str) -> set[str]:
        names = ("action-edit", "action-set-default", "action-deprecate", "action-restore", "action-delete")
        row = self.row(model_id)
        return {name for name in names if self.shown(name, row)}

    def no_horizontal_scroll(self) -> None:
        sizes = self.js("return [document.documentElement.scrollWidth, window.innerWidth];")
        assert sizes[0] <= sizes[1], f"horizontal scroll: scrollWidth {sizes[0]} > innerWidth {sizes[1]}"

    def wait_sw_control(self, route: str) -> None:
        """Waits until a service worker controls the page; navigates to the same URL once if
        the first load was not controlled yet (a service worker never controls the page
        that registered it unless it claims clients)."""
        controlled = "return !!(navigator.serviceWorker && navigator.serviceWorker.controller);"
        try:
            WebDriverWait(self.driver, 10, poll_frequency=0.2).until(lambda d: d.execute_script(controlled))
            return
        except Exception:
            pass
        self.js("return navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true);")
        self.load(route)
        WebDriverWait(self.driver, 20, poll_frequency=0.2).until(
            lambda d: d.execute_script(controlled), "no service worker controls the page")


def unique(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:8]


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
