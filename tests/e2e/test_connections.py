"""Provider connections: the card's Test button (success, refused key, unreachable host),
"test before saving", adding a connection with a key (dots, Replace, Clear; the API only
ever says api_key_configured), and deleting a connection (with its models)."""

import json
import urllib.request

import pytest
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By

from conftest import TOKEN, tid, unique
from fakes import ClosedPort, FakeOpenAI

RIGHT_KEY = "sk-e2e-right-0123456789abcdef"
WRONG_KEY = "sk-e2e-wrong-fedcba9876543210"


@pytest.fixture(scope="module")
def fake_openai():
    fake = FakeOpenAI(RIGHT_KEY)
    yield fake
    fake.stop()


@pytest.fixture
def closed_port():
    port = ClosedPort()
    yield port
    port.close()


@pytest.fixture
def fake(fake_openai):
    fake_openai.reset()
    yield fake_openai
    fake_openai.reset()


def card(app, provider_id: str, timeout: float = 10):
    locator = f'{tid("provider-card")}[data-id="{provider_id}"]'

    def find():
        for element in app.driver.find_elements(By.CSS_SELECTOR, locator):
            if element.is_displayed():
                return element
        return None
    return app.until(find, f"no provider card for {provider_id}", timeout)


def card_gone(app, provider_id: str) -> None:
    locator = f'{tid("provider-card")}[data-id="{provider_id}"]'
    app.until(lambda: not app.driver.find_elements(By.CSS_SELECTOR, locator), f"the card of {provider_id} is still shown")


def raw_get(server, path: str) -> str:
    """The body of an authenticated GET, as text (to look for the key in it)."""
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def provider_by_name(server, name: str) -> dict | None:
    items = server.ok("GET", "/api/providers")["items"]
    return next((item for item in items if item["name"] == name), None)


def wait_result(app, testid: str, timeout: float = 20):
    """The modal's test result once shown (tests run up to the server's 10 s timeout)."""
    return app.visible(testid, timeout=timeout)


def in_card(app, provider_id: str, testid: str, timeout: float = 20):
    """A visible element of a card, the card found again on every poll (cards re-render)."""
    def find():
        found = app.shown(testid, card(app, provider_id, timeout=2))
        return found[0] if found else None
    return app.until(find, f"no visible {testid} in the card of {provider_id}", timeout)


def click_in_card(app, provider_id: str, testid: str) -> None:
    def attempt():
        try:
            in_card(app, provider_id, testid, timeout=2).click()
            return True
        except (StaleElementReferenceException, ElementClickInterceptedException, ElementNotInteractableException):
            return False
    app.until(attempt, f"could not click {testid} in the card of {provider_id}")


def card_result(app, provider_id: str, attribute: str, expected: str, timeout: float = 20):
    """Waits until the card's test result has attribute == expected; returns the result."""
    def check():
        result = in_card(app, provider_id, "provider-test-result", timeout=2)
        return result if result.get_attribute(attribute) == expected else None
    return app.until(check, f"the test result of {provider_id} never had {attribute}={expected!r}", timeout)


def assert_no_key_in_page(app, *keys: str) -> None:
    html = app.js("return document.documentElement.outerHTML;")
    values = app.js("return [...document.querySelectorAll('input')].map(i => i.value).join('\\n');")
    for key in keys:
        assert key not in html and key not in values, "an API key is still in the page"


def test_card_test_success_auth_failure_and_unreachable(desktop, fake, closed_port):
    app, server = desktop, desktop.server
    name = f"E2E Fake {unique()}"
    created = server.ok("POST", "/api/providers", {
        "kind": "openai-compatible", "name": name, "base_url": fake.url, "api_key": RIGHT_KEY})
    provider_id = created["id"]
    assert created["api_key_configured"] is True and "api_key" not in created
    app.open("#/providers")

    # success: a spinner while the request is out, then the result in the card
    fake.delay(1.0)
    click_in_card(app, provider_id, "provider-test")
    in_card(app, provider_id, "provider-test-spinner", timeout=5)
    assert in_card(app, provider_id, "provider-test").get_attribute("aria-busy") == "true"
    result = card_result(app, provider_id, "data-success", "true")
    fake.delay(0)
    assert not app.shown("provider-test-spinner", card(app, provider_id))
    assert result.get_attribute("data-error-code") == ""
    assert result.get_attribute("data-stage") == "model_listing"
    assert "Model listing" in result.text and " ms" in result.text and "Models found: 1" in result.text, result.text
    assert ("GET", "/v1/models", f"Bearer {RIGHT_KEY}") in fake.calls()
    last = server.ok("GET", f"/api/providers/{provider_id}")["last_test"]
    assert last["success"] is True and last["stage"] == "model_listing" and last["models_found"] == 1, last

    # a refused key: failed at authentication, with the server's advice
    server.ok("PATCH", f"/api/providers/{provider_id}", {"api_key": WRONG_KEY})
    click_in_card(app, provider_id, "provider-test")
    result = card_result(app, provider_id, "data-success", "false")
    assert result.get_attribute("data-error-code") == "unauthorized", result.text
    assert result.get_attribute("data-stage") == "authentication"
    assert "Authentication" in result.text and "Failed" in result.text, result.text
    assert app.text("test-message", result), "no message says what to do"
    assert WRONG_KEY not in result.text

    # an unreachable host (a closed port): failed at reachability, refused
    server.ok("PATCH", f"/api/providers/{provider_id}", {"base_url": closed_port.url})
    click_in_card(app, provider_id, "provider-test")
    result = card_result(app, provider_id, "data-error-code", "refused")
    assert result.get_attribute("data-success") == "false"
    assert result.get_attribute("data-stage") == "reachability"
    assert "Reachability" in result.text
    app.assert_no_reload()


def test_test_before_saving(desktop, fake, closed_port):
    app, server = desktop, desktop.server
    app.open("#/providers")
    count = len(server.ok("GET", "/api/providers")["items"])
    app.click("provider-new")
    modal = app.visible("provider-modal")
    assert modal.get_attribute("role") == "dialog"
    assert not app.is_shown("field-api_version"), "API version shows for a non-Azure kind"
    app.select("field-kind", "azure-openai")
    app.visible("field-api_version")
    app.select("field-kind", "openai")
    app.until(lambda: app.value("field-base_url") == "https://api.openai.com", "no default base URL for OpenAI")
    app.select("field-kind", "mistral")
    app.until(lambda: app.value("field-base_url") == "https://api.mistral.ai", "no default base URL for Mistral")
    app.select("field-kind", "openai-compatible")
    app.fill("field-name", f"E2E Unsaved {unique()}")

    # unreachable
    app.fill("field-base_url", closed_port.url)
    app.click("modal-test")
    result = wait_result(app, "modal-test-result")
    assert result.get_attribute("data-success") == "false", result.text
    assert result.get_attribute("data-error-code") == "refused"
    assert result.get_attribute("data-stage") == "reachability"

    # a wrong key, then the right one
    app.fill("field-base_url", fake.url)
    app.gone("modal-test-result")  # the result went stale
    app.fill("field-api_key", WRONG_KEY)
    app.click("modal-test")
    result = wait_result(app, "modal-test-result")
    assert result.get_attribute("data-error-code") == "unauthorized", result.text
    assert result.get_attribute("data-stage") == "authentication"
    app.fill("field-api_key", RIGHT_KEY)
    app.click("modal-test")
    app.until(lambda: app.visible("modal-test-result").get_attribute("data-success") == "true", "the right key did not pass")

    # nothing was saved
    app.click("modal-cancel")
    app.gone("provider-modal")
    assert len(server.ok("GET", "/api/providers")["items"]) == count
    assert_no_key_in_page(app, RIGHT_KEY, WRONG_KEY)
    app.assert_no_reload()


def test_create_with_key_then_replace_and_clear(desktop, fake):
    app, server = desktop, desktop.server
    name = f"E2E Keyed {unique()}"
    app.open("#/providers")

    # create with a key
    app.click("provider-new")
    app.visible("provider-modal")
    app.select("field-kind", "openai-compatible")
    app.fill("field-name", name)
    app.fill("field-base_url", fake.url)
    key_input = app.visible("field-api_key")
    assert key_input.get_attribute("type") == "password"
    app.fill("field-api_key", RIGHT_KEY)
    app.click("modal-save")
    app.gone("provider-modal")
    created = provider_by_name(server, name)
    assert created is not None, "the connection was not created"
    provider_id = created["id"]
    assert created["api_key_configured"] is True
    assert created["kind"] == "openai-compatible" and created["base_url"] == fake.url
    for path in ("/api/providers", f"/api/providers/{provider_id}"):
        body = raw_get(server, path)
        assert RIGHT_KEY not in body, f"{path} returned the key"
        assert '"api_key"' not in body.replace('"api_key_configured"', ""), f"{path} has an api_key field"
    assert in_card(app, provider_id, "provider-key").text.strip() == "•••••"
    assert_no_key_in_page(app, RIGHT_KEY)

    # the form shows dots, Replace and Clear; testing it uses the stored key
    click_in_card(app, provider_id, "provider-configure")
    app.visible("provider-modal")
    assert app.text("key-status") == "•••••"
    assert not app.is_shown("field-api_key"), "the key input shows while a key is stored"
    app.visible("key-replace")
    app.visible("key-clear")
    app.click("modal-test")
    app.until(lambda: app.visible("modal-test-result", timeout=20).get_attribute("data-success") == "true",
              "testing the edit form with the stored key failed")

    # Replace: a password input; the new (wrong) key is stored
    app.click("key-replace")
    replacement = app.visible("field-api_key")
    assert replacement.get_attribute("type") == "password"
    assert replacement.get_attribute("value") == ""
    app.fill("field-api_key", WRONG_KEY)
    app.click("modal-save")
    app.gone("provider-modal")
    stored = server.ok("GET", f"/api/providers/{provider_id}")
    assert stored["api_key_configured"] is True
    assert WRONG_KEY not in json.dumps(stored)
    click_in_card(app, provider_id, "provider-test")
    card_result(app, provider_id, "data-error-code", "unauthorized")
    assert ("GET", "/v1/models", f"Bearer {WRONG_KEY}") in fake.calls()
    assert_no_key_in_page(app, RIGHT_KEY, WRONG_KEY)

    # Clear: the key is gone; the form then offers the input directly
    click_in_card(app, provider_id, "provider-configure")
    app.visible("provider-modal")
    app.click("key-clear")
    app.click("modal-save")
    app.gone("provider-modal")
    assert server.ok("GET", f"/api/providers/{provider_id}")["api_key_configured"] is False
    app.until(lambda: in_card(app, provider_id, "provider-key", timeout=2).text.strip() != "•••••", "the card still shows a key")
    click_in_card(app, provider_id, "provider-configure")
    app.visible("provider-modal")
    assert not app.is_shown("key-status")
    app.visible("field-api_key")
    app.click("modal-close")
    app.gone("provider-modal")
    app.assert_no_reload()


def test_delete_connection_offers_cascade(desktop, fake):
    app, server = desktop, desktop.server
    plain = server.ok("POST", "/api/providers", {"kind": "ollama", "name": f"E2E Plain {unique()}", "base_url": fake.url})
    busy = server.ok("POST", "/api/providers", {"kind": "openai-compatible", "name": f"E2E Busy {unique()}", "base_url": fake.url})
    model = server.create_model(provider_id=busy["id"], name="E2E Busy model", api_name=f"busy-{unique()}")
    app.open("#/providers")
    assert not app.shown("provider-delete", card(app, "mistral")), "a builtin connection offers delete"

    click_in_card(app, plain["id"], "provider-delete")
    app.visible("confirm-dialog")
    app.click("confirm-cancel")
    app.gone("confirm-dialog")
    assert server.api("GET", f"/api/providers/{plain['id']}")[0] == 200
    click_in_card(app, plain["id"], "provider-delete")
    app.visible("confirm-dialog")
    app.click("confirm-ok")
    app.gone("confirm-dialog")
    card_gone(app, plain["id"])
    assert server.api("GET", f"/api/providers/{plain['id']}")[0] == 404

    click_in_card(app, busy["id"], "provider-delete")
    app.visible("confirm-dialog")
    app.click("confirm-ok")
    app.until(lambda: app.visible("confirm-ok").get_attribute("data-cascade") == "true", "no cascade offered")
    assert app.text("confirm-ok") == "Delete with its models"
    assert app.text("confirm-error")
    assert server.api("GET", f"/api/providers/{busy['id']}")[0] == 200
    app.click("confirm-ok")
    app.gone("confirm-dialog")
    card_gone(app, busy["id"])
    assert server.api("GET", f"/api/providers/{busy['id']}")[0] == 404
    assert server.get_model(model["id"])[0] == 404
    app.assert_no_reload()
