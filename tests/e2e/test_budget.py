"""First-load transfer budget: a fresh browser profile loads / under 200 KB."""

from conftest import REPORT, App

BUDGET_KB = 200.0

TRANSFER = """
const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return entries.map(e => [e.name, e.transferSize || e.encodedBodySize || 0, e.transferSize]);
"""


def transferred(app: App) -> tuple[float, list]:
    app.until(lambda: app.js("return document.readyState;") == "complete", "the page never finished loading")
    entries = app.js(TRANSFER)
    return sum(size for _, size, _ in entries) / 1024, entries


def record(label: str, kb: float, entries: list) -> None:
    line = f"first load: {kb:.1f} KB ({label}, {len(entries)} requests)"
    print(line)
    REPORT.append(line)
    for name, size, _ in sorted(entries, key=lambda e: -e[1]):
        REPORT.append(f"    {size / 1024:7.1f} KB  {name}")


def test_first_load_logged_out_under_budget(server, browser_factory):
    app = App(browser_factory(lang="en-US", width=1280, height=800), server)
    app.open("#/", login=False)
    app.visible("login-token")
    kb, entries = transferred(app)
    record("logged out", kb, entries)
    assert entries, "no navigation or resource entries"
    assert kb < BUDGET_KB, f"first load (logged out) transferred {kb:.1f} KB, over {BUDGET_KB} KB"


def test_first_load_logged_in_under_budget(server, browser_factory):
    driver = browser_factory(lang="en-US", width=1280, height=800)
    # a fresh profile holding only the session cookie: nothing cached
    driver.execute_cdp_cmd("Network.setCookie", {
        "name": "hangar_session", "value": server.session_cookie(), "url": server.url + "/",
        "path": "/", "httpOnly": True, "sameSite": "Strict"})
    app = App(driver, server)
    app.open("#/models", login=False)
    assert app.in_shell(), "the session cookie did not log the fresh browser in"
    app.visible("models-page")
    app.row("local-qwen3-0.6b-q4_0")
    kb, entries = transferred(app)
    record("logged in, models page", kb, entries)
    assert any("/api/models" in name for name, _, _ in entries), "the model list was not among the first load's requests"
    assert kb < BUDGET_KB, f"first load (logged in) transferred {kb:.1f} KB, over {BUDGET_KB} KB"
