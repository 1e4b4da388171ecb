"""First-load transfer: what a fresh browser profile receives from the server, counted on the
wire by a proxy (wire.py): headers, compressed bodies, and what the service worker fetches on
its own, which the page's Resource Timing does not see."""

from dataclasses import dataclass

import pytest

from conftest import REPORT, App
from wire import CountingProxy

# Issue 16: from / through the first page after sign-in, compressed.
BUDGET_KB = 60.0
# Opening the models page straight away is not that target, but must not grow unnoticed.
# Issue 18 put each row's Ollama status, Deploy, Start / Stop and the bulk bar on this page
# (73.8 KB measured, from about 67 KB).
MODELS_PAGE_GUARD_KB = 80.0
# The server went quiet this long: the page, its data and the service worker are done.
QUIET_SECONDS = 1.0


@dataclass
class Via:
    """The server as the browser sees it: through the counting proxy."""
    url: str


def settled(app: App, proxy: CountingProxy) -> float:
    app.until(lambda: app.js("return document.documentElement.dataset.offlineReady === 'true';"),
              "the service worker never took the shell in", timeout=20)
    app.until(lambda: proxy.quiet_for() > QUIET_SECONDS, "the server never went quiet", timeout=20)
    return proxy.received / 1024


def record(label: str, kb: float) -> None:
    line = f"first load: {kb:.1f} KB ({label}, on the wire)"
    print(line)
    REPORT.append(line)


@pytest.mark.parametrize("lang", ["en-US", "fr-FR"])
def test_first_load_from_sign_in_to_the_dashboard_is_under_budget(own_server, browser_factory, lang):
    proxy = CountingProxy(own_server.port)
    try:
        app = App(browser_factory(lang=lang, width=1280, height=800), Via(proxy.url))
        app.load("")
        app.visible("login-token", timeout=20)
        app.login()
        app.visible("dashboard-page")
        app.until(lambda: app.text("dashboard-models-count") != "…", "the dashboard's counts never showed")
        app.visible("first-run")
        app.visible("usage-chart")
        app.visible("dashboard-connect")
        kb = settled(app, proxy)
        record(f"sign in, then the dashboard, {lang}", kb)
        assert kb < BUDGET_KB, f"the first load transferred {kb:.1f} KB, over {BUDGET_KB} KB"
    finally:
        proxy.close()


def test_first_load_of_the_models_page_when_signed_in(server, browser_factory):
    proxy = CountingProxy(server.port)
    try:
        driver = browser_factory(lang="en-US", width=1280, height=800)
        # A fresh profile holding only the session cookie: nothing cached.
        driver.execute_cdp_cmd("Network.setCookie", {
            "name": "hangar_session", "value": server.session_cookie(), "url": proxy.url + "/",
            "path": "/", "httpOnly": True, "sameSite": "Strict"})
        app = App(driver, Via(proxy.url))
        app.load("#/models")
        app.visible("models-page", timeout=20)
        app.row("local-qwen3-0.6b-q4_0")
        kb = settled(app, proxy)
        record("signed in, the models page", kb)
        assert kb < MODELS_PAGE_GUARD_KB, f"the first load transferred {kb:.1f} KB, over {MODELS_PAGE_GUARD_KB} KB"
    finally:
        proxy.close()
