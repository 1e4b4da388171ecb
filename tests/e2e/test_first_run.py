"""First run, on a fresh server of its own: the dashboard's checklist (a key, a tested
connection, a model of one's own, the Ollama page) ticks itself as each is done, then goes
away; the connections page warns of an enabled connection without a key or never tested.
English at 1280 px and French at 390 px."""

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

from conftest import App, tid, unique
from fakes import FakeOpenAI

KEY = "sk-e2e-first-run-0123456789abcdef"

WORDS = {
    "en": {"progress": "Steps done: ", "no-key": "No API key", "untested": "Never tested"},
    "fr": {"progress": "Étapes faites : ", "no-key": "Pas de clé d’API", "untested": "Jamais testée"},
}


@pytest.fixture(scope="module")
def fake_openai():
    fake = FakeOpenAI(KEY)
    yield fake
    fake.stop()


def steps(app) -> dict[str, str]:
    """{step: data-done} of the checklist as shown."""
    return {step.get_attribute("data-step"): step.get_attribute("data-done") for step in app.shown("first-run-step")}


def wait_steps(app, expected: dict[str, str]) -> None:
    app.until(lambda: steps(app) == expected, f"the checklist is not {expected} (shown: {steps(app)})")


def provider_card(app, provider_id: str):
    for element in app.driver.find_elements(By.CSS_SELECTOR, f'{tid("provider-card")}[data-id="{provider_id}"]'):
        if element.is_displayed():
            return element
    return None


def warnings(app, provider_id: str) -> dict[str, str] | None:
    """{reason: text} of a card's warning badges, None while the card is not shown."""
    card = provider_card(app, provider_id)
    if card is None:
        return None
    return {badge.get_attribute("data-reason"): badge.text.strip() for badge in app.shown("provider-warning", card)}


def wait_warnings(app, provider_id: str, expected: dict[str, str], message: str = "", timeout: float = 10) -> None:
    """Cards are rebuilt as the page loads and events come: read afresh until they agree."""
    seen = {}

    def check():
        seen["last"] = warnings(app, provider_id)
        return seen["last"] == expected
    try:
        app.until(check, "", timeout)
    except TimeoutException:
        raise AssertionError(f"{message or provider_id}: warnings are not {expected} (last shown: {seen.get('last')})") from None


def step(app, name: str):
    """The checklist's step (its <li>), or None."""
    return next((element for element in app.shown("first-run-step") if element.get_attribute("data-step") == name), None)


def step_href(app, name: str) -> str:
    return app.until(lambda: step(app, name).find_element(By.CSS_SELECTOR, tid("first-run-link")).get_attribute("href"), f"no link in step {name}")


def open_step(app, name: str) -> None:
    """Follows a step's link (the list may be redrawn meanwhile: found again on each try)."""
    app.click("first-run-link", root=lambda: step(app, name))


def dashboard_again(app) -> None:
    """Back on the dashboard through its nav tab (it loads its counts again)."""
    app.go("providers-page")
    app.go("dashboard-page")


@pytest.mark.parametrize("lang,width,height", [("en-US", 1280, 800), ("fr-FR", 390, 844)], ids=["en-1280", "fr-390"])
def test_checklist_ticks_itself_and_connections_warn(own_server, browser_factory, fake_openai, lang, width, height):
    server, words = own_server, WORDS[lang[:2]]
    app = App(browser_factory(lang=lang, width=width, height=height), server)
    app.open("#/")
    app.wait_lang(lang[:2])
    app.visible("first-run", timeout=15)
    wait_steps(app, {"key": "false", "test": "false", "model": "false", "ollama": "false"})
    assert app.text("first-run-progress").startswith(words["progress"]), app.text("first-run-progress")
    assert step_href(app, "key").endswith("#/providers")
    assert step_href(app, "model").endswith("#/models")

    # The step's link leads to the connections, where enabled ones without a key or never
    # tested carry a warning; a disabled one and the local models do not.
    open_step(app, "key")
    app.visible("providers-page")
    wait_warnings(app, "mistral", {"no-key": words["no-key"], "untested": words["untested"]})
    wait_warnings(app, "ollama", {"untested": words["untested"]}, "Ollama needs no key")
    wait_warnings(app, "azure-openai", {}, "a disabled connection warns of nothing")
    wait_warnings(app, "local", {})

    # A connection with a key: the key is there, the test is not done yet.
    created = server.ok("POST", "/api/providers", {
        "kind": "openai-compatible", "name": f"E2E First {unique()}", "base_url": fake_openai.url, "api_key": KEY})
    wait_warnings(app, created["id"], {"untested": words["untested"]}, "the new connection never tested")
    app.go("dashboard-page")
    wait_steps(app, {"key": "true", "test": "false", "model": "false", "ollama": "false"})

    # Tested from its card: the warning goes, the step ticks.
    app.go("providers-page")
    app.click("provider-test", root=lambda: provider_card(app, created["id"]))
    wait_warnings(app, created["id"], {}, "after a successful test", timeout=20)
    app.go("dashboard-page")
    wait_steps(app, {"key": "true", "test": "true", "model": "false", "ollama": "false"})

    # A model of one's own.
    server.create_model(provider_id=created["id"], name=f"E2E Own {unique()}", api_name=unique("e2e-own-"))
    dashboard_again(app)
    wait_steps(app, {"key": "true", "test": "true", "model": "true", "ollama": "false"})
    assert app.text("first-run-progress").startswith(words["progress"] + "3")

    # Opening Ollama through its step is the last one: the checklist goes away.
    open_step(app, "ollama")
    app.visible("ollama-page", timeout=15)
    app.go("dashboard-page")
    app.visible("dashboard-providers-count")
    app.until(lambda: app.js("return document.querySelector('[data-testid=\"dashboard-models-count\"]').textContent") != "…",
              "the dashboard's counts never loaded")
    app.gone("first-run")
    app.assert_no_reload()


def test_checklist_can_be_hidden(own_server, browser_factory):
    app = App(browser_factory(lang="en-US", width=1280, height=800), own_server)
    app.open("#/")
    app.visible("first-run", timeout=15)
    app.click("first-run-hide")
    app.gone("first-run")
    app.go("providers-page")
    app.go("dashboard-page")
    app.visible("dashboard-providers-count")
    assert not app.shown("first-run"), "the hidden checklist came back"
    app.assert_no_reload()
