"""Issue 19 (catalog sync) end to end, on a server of its own, English at 1280 px: discovery on
a fake OpenAI-compatible server (`hangar-fakes openai` listing three models) adds two of them
from the Sync page; a price file in LiteLLM's format, uploaded on the same page, is previewed
(old → new) and applied to them; their rows then show the prices, and a test prompt's cost is
computed with them (12 and 8 tokens of the fake)."""

import json
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import App, tid, unique
from fakes import FakeOpenAI
from governance_helpers import COST, close_test_dialog, open_test_dialog, result_facts, send_test

KEY = "sk-e2e-sync-0123456789abcdef"
ADDED = ("acme-chat-1", "acme-chat-2")

# LiteLLM's model_prices_and_context_window.json format: prices per token, limits, its
# `sample_spec` documentation entry (ignored), and an entry of a provider Hangar does not know.
PRICES = {
    "sample_spec": {
        "input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
        "max_input_tokens": "max input tokens, if the provider specifies it", "mode": "one of: chat, embedding, completion",
    },
    "acme-chat-1": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 0.0000025, "output_cost_per_token": 0.00001,
                    "max_input_tokens": 128000, "max_output_tokens": 16384},
    "acme-chat-2": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 0.0000005, "output_cost_per_token": 0.0000015,
                    "max_input_tokens": 32768, "max_output_tokens": 8192},
    "acme_cloud/acme-chat-1": {"litellm_provider": "acme_cloud", "mode": "chat", "input_cost_per_token": 0.00009, "output_cost_per_token": 0.00009,
                               "max_input_tokens": 4096, "max_output_tokens": 1024},
}
ROW_COSTS = {"acme-chat-1": "$2.50 / 1M in · $10.00 / 1M out", "acme-chat-2": "$0.50 / 1M in · $1.50 / 1M out"}


@pytest.fixture
def acme():
    fake = FakeOpenAI(KEY, models=("acme-chat-1", "acme-chat-2", "acme-embed"), any_model=False)
    yield fake
    fake.stop()


@pytest.fixture
def price_file():
    with tempfile.TemporaryDirectory(prefix="hangar-e2e-prices-") as folder:
        path = Path(folder) / "prices.json"
        path.write_text(json.dumps(PRICES))
        yield path


def change_fields(app: App, model_id: str) -> dict[str, tuple[str, str]]:
    """A preview change's fields: field → (old, new) as the page shows them."""
    item = app.driver.find_element(By.CSS_SELECTOR, f'{tid("sync-change")}[data-model-id="{model_id}"]')
    return {f.get_attribute("data-field"): (app.text("sync-change-old", f), app.text("sync-change-new", f))
            for f in app.all("sync-change-field", item)}


def test_discover_add_two_price_sync_then_rows_and_test_prompt_cost(own_server, browser_factory, acme, price_file):
    server = own_server
    conn = server.ok("POST", "/api/providers", {
        "kind": "openai-compatible", "name": f"Acme {unique()}", "base_url": acme.url, "api_key": KEY})
    app = App(browser_factory(lang="en-US", width=1280, height=900), server)
    app.open("#/sync")
    app.visible("sync-page", timeout=15)

    # Discover on the connection: three new models, nothing gone.
    def pick_connection():
        try:
            app.select("sync-provider", conn["id"])
            return True
        except Exception:  # the connections are still loading
            return False
    app.until(pick_connection, f"the Sync page never offered the connection {conn['id']}")
    app.click("sync-discover-run")
    proposal = app.visible("sync-proposal", timeout=30)
    assert proposal.get_attribute("data-provider-id") == conn["id"]
    new = app.visible("sync-new")
    assert sorted(box.get_attribute("data-key") for box in app.all("sync-new-check", new)) == ["acme-chat-1", "acme-chat-2", "acme-embed"]
    assert app.visible("sync-gone").get_attribute("data-count") == "0"
    assert ("GET", "/v1/models", f"Bearer {KEY}") in acme.calls(), acme.calls()

    # Check two of them and apply.
    for name in ADDED:
        app.click(app.driver.find_element(By.CSS_SELECTOR, f'{tid("sync-new-check")}[data-key="{name}"]'))
    app.until(lambda: app.visible("sync-discover-selection").get_attribute("data-add") == "2", "two boxes are not checked")
    app.click("sync-discover-apply")
    result = app.visible("sync-discover-result", timeout=15)
    assert result.get_attribute("data-added") == "2", result.text
    added = app.text("sync-discover-added")
    assert added.startswith("2 models added: ") and all(name in added for name in ADDED), added
    models = {name: server.find_model(conn["id"], name) for name in ADDED}
    assert all(models.values()), models
    assert server.find_model(conn["id"], "acme-embed") is None, "an unchecked model was added"
    ids = {name: model["id"] for name, model in models.items()}
    for model in models.values():  # not named by the shipped price data: guessed limits, no price
        assert model["limits_guessed"] is True and model["cost_input_per_million"] is None, model
        assert (model["context_window"], model["max_output_tokens"]) == (8192, 4096), model

    # Prices from a file: preview, old → new for both, apply.
    app.click("sync-source-file")
    app.all("sync-file")[0].send_keys(str(price_file))
    app.until(lambda: app.visible("sync-file-status").get_attribute("data-state") == "ready",
              f"the price file was not taken: {app.text('sync-file-status')!r}")
    app.click("sync-preview")
    changes = app.visible("sync-changes", timeout=30)
    assert changes.get_attribute("data-count") == "2", app.text("sync-summary")
    assert sorted(c.get_attribute("data-model-id") for c in app.all("sync-change")) == sorted(ids.values())
    assert change_fields(app, ids["acme-chat-1"]) == {
        "cost_input_per_million": ("unknown", "$2.50"), "cost_output_per_million": ("unknown", "$10.00"),
        "context_window": ("8,192", "128,000"), "max_output_tokens": ("4,096", "16,384")}
    assert change_fields(app, ids["acme-chat-2"]) == {
        "cost_input_per_million": ("unknown", "$0.50"), "cost_output_per_million": ("unknown", "$1.50"),
        "context_window": ("8,192", "32,768"), "max_output_tokens": ("4,096", "8,192")}
    assert server.get_model(ids["acme-chat-1"])[1]["cost_input_per_million"] is None, "the preview changed the model"
    app.until(lambda: app.visible("sync-apply").get_attribute("data-count") == "2", "not both changes are checked")
    app.click("sync-apply")
    result = app.visible("sync-result", timeout=30)
    assert result.get_attribute("data-applied") == "2", result.text
    assert app.text("sync-result-message") == "2 models updated."

    # The API: the prices, where they came from, the limits no longer guesses.
    for name, model_id in ids.items():
        status, model = server.get_model(model_id)
        assert status == 200, model
        entry = PRICES[name]
        assert model["price_source"] == "litellm:upload", model
        assert model["price_synced_at"], model
        assert model["limits_guessed"] is False, model
        assert (model["context_window"], model["max_output_tokens"]) == (entry["max_input_tokens"], entry["max_output_tokens"]), model
    chat1 = server.get_model(ids["acme-chat-1"])[1]
    assert (chat1["cost_input_per_million"], chat1["cost_output_per_million"]) == (2.5, 10), chat1

    # The models page: both rows show their prices.
    app.click("sync-result-models")
    app.visible("models-page")
    app.fill("filter-text", "acme")
    app.until(lambda: sorted(row.get_attribute("data-id") for row in app.shown("model-row")) == sorted(ids.values()),
              "the search for acme does not list exactly the two models")
    for name, model_id in ids.items():
        assert app.row_text(model_id, "model-costs") == ROW_COSTS[name]
        assert not app.shown("model-limits-guessed", app.row(model_id)), "the limits are still marked as guessed"

    # A test prompt on acme-chat-1: 12 and 8 tokens at $2.50 and $10.00 per million.
    open_test_dialog(app, ids["acme-chat-1"])
    send_test(app)
    facts = result_facts(app)
    assert facts.get("model-test-tokens-in") == "12" and facts.get("model-test-tokens-out") == "8", facts
    assert facts["model-test-cost"] == COST, facts
    # …and what the UI's own formatter makes of 0.00011 (web/shared/format.js).
    ui_cost = app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/shared/format.js').then((m) => done(m.formatCost(0.00011, 'en')), (e) => done(`error: ${e}`));")
    assert facts["model-test-cost"] == ui_cost, (facts, ui_cost)
    assert acme.completions[-1]["model"] == "acme-chat-1", acme.completions[-1]
    close_test_dialog(app)
    app.assert_no_reload()
