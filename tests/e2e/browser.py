"""Browsers of the end-to-end suite (headless Chromium through Selenium) and `App`, the UI in
one tab, addressed only through the data-testid contract."""

from __future__ import annotations

import os
import uuid

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

from hangar_server import TOKEN, HangarServer

CHROMIUM = os.environ.get("HANGAR_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HANGAR_E2E_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 10.0

_drivers: list[webdriver.Chrome] = []


def new_driver(lang: str = "en-US", width: int = 1280, height: int = 800, perf_log: bool = False,
               extra_args: tuple[str, ...] = (), insecure_certs: bool = False) -> webdriver.Chrome:
    """A headless Chromium; extra_args are more command-line switches (tests/topology maps a host
    name to 127.0.0.1), insecure_certs accepts a self-signed certificate."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        f"--lang={lang}", "--window-size=1280,1000", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--disable-component-update", "--disable-features=Translate,MediaRouter", *extra_args,
    ):
        options.add_argument(arg)
    if insecure_certs:
        options.accept_insecure_certs = True
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

    def new_model_form(self, kind: str):
        """Opens the create modal from the Models page and picks the model type (hosted or
        local); returns the modal."""
        self.click("model-new")
        modal = self.visible("model-modal")
        self.click(f"type-{kind}")
        return modal

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
        # The worker says so once it keeps every file this page loaded (see web/sw.js).
        ready = "return document.documentElement.dataset.offlineReady === 'true';"
        try:
            WebDriverWait(self.driver, 10, poll_frequency=0.2).until(lambda d: d.execute_script(controlled))
        except Exception:
            self.js("return navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true);")
            self.load(route)
            WebDriverWait(self.driver, 20, poll_frequency=0.2).until(
                lambda d: d.execute_script(controlled), "no service worker controls the page")
        WebDriverWait(self.driver, 20, poll_frequency=0.2).until(
            lambda d: d.execute_script(ready), "the service worker never said the shell is kept for offline use")


def percent(app, root) -> int | None:
    """The percent a download-progress block under root shows (its data-percent), or None."""
    if root is None:
        return None
    for element in app.shown("download-progress", root):
        value = element.get_attribute("data-percent")
        if value:
            return int(value)
    return None


def unique(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:8]

