"""Fixtures and helpers of the governance flows (test prompt, settings, usage, export /
import), kept out of conftest.py. A test module imports the fixtures it uses by name, so
pytest finds them: `from governance_helpers import fake_llm, llm  # noqa: F401`."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import App, tid, unique
from fakes import FakeOpenAI

LLM_KEY = "sk-e2e-llm-0123456789abcdef"
# Deterministic usage of the fake (FakeOpenAI, `--echo 12:8`): 12 tokens in, 8 out. At $2.50 and $10.00 per
# million that costs 12 × 2.5 / 1e6 + 8 × 10 / 1e6 = $0.00011.
PRICE_IN, PRICE_OUT, COST = 2.5, 10, "$0.00011"


@pytest.fixture(scope="module")
def fake_llm():
    fake = FakeOpenAI(LLM_KEY)
    yield fake
    fake.stop()


@pytest.fixture
def llm(fake_llm):
    """The fake OpenAI-compatible upstream, reset (no 429 pending, nothing recorded)."""
    fake_llm.reset()
    yield fake_llm
    fake_llm.reset()


class Connection:
    """An openai-compatible connection to the fake and its models, deleted at the end."""

    def __init__(self, server, fake: FakeOpenAI, name: str | None = None):
        self.server = server
        self.provider = server.ok("POST", "/api/providers", {
            "kind": "openai-compatible", "name": name or f"E2E LLM {unique()}", "base_url": fake.url, "api_key": LLM_KEY})
        self.id = self.provider["id"]

    def model(self, name: str, prices: bool = True, **fields) -> dict:
        body = {"provider_id": self.id, "name": name, "api_name": unique("e2e-llm-"), "context_window": 32000, "max_output_tokens": 4096}
        if prices:
            body.update(cost_input_per_million=PRICE_IN, cost_output_per_million=PRICE_OUT)
        body.update(fields)
        return self.server.create_model(**body)

    def delete(self) -> None:
        self.server.api("DELETE", f"/api/providers/{self.id}?cascade=true")


def open_test_dialog(app: App, model_id: str):
    """Opens a model's test dialog from its row (table) or its action sheet (cards)."""
    app.row_action(model_id, "action-test")
    dialog = app.visible("model-test-dialog")
    app.until(lambda: app.visible("model-test-dialog").get_attribute("data-model-id") == model_id,
              f"the test dialog is not for {model_id}")
    return dialog


def send_test(app: App, prompt: str | None = None, timeout: float = 30):
    """Sends the prompt (the default one when None) and waits for the result or the error."""
    if prompt is not None:
        app.fill("model-test-prompt", prompt)
    app.click("model-test-send")
    app.until(lambda: app.is_shown("model-test-result") or app.is_shown("model-test-error"),
              "no test result nor error", timeout=timeout)
    return app.visible("model-test-output")


def result_facts(app: App) -> dict[str, str]:
    names = ("model-test-text", "model-test-latency", "model-test-tokens-in", "model-test-tokens-out",
             "model-test-cost", "model-test-attempts")
    return {name: app.shown(name)[0].text.strip() for name in names if app.shown(name)}


def close_test_dialog(app: App) -> None:
    app.click("model-test-close")
    app.gone("model-test-dialog")


def show_provider(app: App, provider_id: str) -> None:
    """Filters the models page to one connection (the shared server lists many models)."""
    app.select("filter-provider", provider_id)
    app.until(lambda: all(row.get_attribute("data-id") for row in app.shown("model-row")), "rows without ids")


# --------------------------------------------------------------------------- settings


def setting_error(app: App, field: str) -> str:
    found = app.shown(f"error-{field}")
    return found[0].text.strip() if found else ""


def wait_settings_form(app: App) -> None:
    app.visible("settings-page")
    app.visible("settings-form", timeout=15)
    app.until(lambda: app.value("field-download_concurrency") != "", "the settings did not load")


# --------------------------------------------------------------------------- downloads


class Downloads:
    """A download folder for one browser (CDP Browser.setDownloadBehavior)."""

    def __init__(self, driver):
        self.dir = Path(tempfile.mkdtemp(prefix="hangar-e2e-downloads-"))
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(self.dir), "eventsEnabled": True})

    def wait_file(self, pattern: str, timeout: float = 15) -> Path:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.dir.glob(pattern) if not p.name.endswith(".crdownload")]
            if done and done[0].stat().st_size > 0:
                return done[0]
            time.sleep(0.1)
        raise AssertionError(f"no {pattern} in {self.dir}: {[p.name for p in self.dir.iterdir()]}")

    def write(self, name: str, content) -> Path:
        path = self.dir / name
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return path


def import_items(app: App) -> list[dict]:
    """The preview's (or result's) entries: entity, id, action and the fields line."""
    items = []
    for element in app.all("import-item"):
        fields = element.find_elements(By.CSS_SELECTOR, tid("import-item-fields"))
        items.append({"entity": element.get_attribute("data-entity"), "id": element.get_attribute("data-id"),
                      "action": element.get_attribute("data-action"), "fields": fields[0].text if fields else ""})
    return items


def count(app: App, name: str) -> int:
    return int(app.visible(f"import-count-{name}").get_attribute("data-count"))
