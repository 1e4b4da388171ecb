"""First run, on a fresh server of its own: the dashboard's checklist (a key, a tested
connection, a model of one's own, the Ollama page) ticks itself as each is done, then goes
away; the connections page warns of an enabled connection without a key or never tested.
English at 1280 px and French at 390 px."""

import pytest
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


def warnings(app, provider_id: str) -> dict[str, str]:
    """{reason: text} of a card's warning badges."""
    card = app.until(lambda: provider_card(app, provider_id), f"no card for {provider_id}")
    return {badge.get_attribute("data-reason"): badge.text.strip() for badge in app.shown("provider-warning", card)}


def step_link(app, step: str):
    for element in app.shown("first-run-step"):
        if element.get_attribute("data-step") == step:
            return element.find_element(By.CSS_SELECTOR, tid("first-run-link"))
    raise AssertionError(f"no step {step}")


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
    assert step_link(app, "key").get_attribute("href").endswith("#/providers")
    assert step_link(app, "model").get_attribute("href").endswith("#/models")

    # The step's link leads to the connections, where enabled ones without a key or never
    # tested carry a warning; a disabled one and the local models do not.
    app.click(step_link(app, "key"))
    app.visible("providers-page")
    assert warnings(app, "mistral") == {"no-key": words["no-key"], "untested": words["untested"]}
    assert warnings(app, "ollama") == {"untested": words["untested"]}, "Ollama needs no key"
    assert warnings(app, "azure-openai") == {}, "a disabled connection warns of nothing"
    assert warnings(app, "local") == {}

    # A connection with a key: the key is there, the test is not done yet.
    created = server.ok("POST", "/api/providers", {
        "kind": "openai-compatible", "name": f"E2E First {unique()}", "base_url": fake_openai.url, "api_key": KEY})
    app.until(lambda: warnings(app, created["id"]) == {"untested": words["untested"]}, "the new connection does not warn that it was never tested")
    app.go("dashboard-page")
    wait_steps(app, {"key": "true", "test": "false", "model": "false", "ollama": "false"})

    # Tested from its card: the warning goes, the step ticks.
    app.go("providers-page")
    app.click("provider-test", root=lambda: provider_card(app, created["id"]))
    app.until(lambda: warnings(app, created["id"]) == {}, "the warning stays after a successful test", timeout=20)
    app.go("dashboard-page")
    wait_steps(app, {"key": "true", "test": "true", "model": "false", "ollama": "false"})

    # A model of one's own.
    server.create_model(provider_id=created["id"], name=f"E2E Own {unique()}", api_name=unique("e2e-own-"))
    dashboard_again(app)
    wait_steps(app, {"key": "true", "test": "true", "model": "true", "ollama": "false"})
    assert app.text("first-run-progress").startswith(words["progress"] + "3")

    # Opening Ollama through its step is the last one: the checklist goes away.
    app.click(step_link(app, "ollama"))
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
