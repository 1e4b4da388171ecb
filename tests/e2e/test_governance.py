"""Governance in the web UI, against `hangar-fakes openai`'s chat completions:
the test prompt of a model (answer, tokens, exact cost; "unknown" without prices; a 429 retried
after Retry-After; the deprecation warning naming the replacement; a disabled connection's
error with what to do), the usage chart on the dashboard after it; the Settings page (save,
reload, field errors, reset to default, a default chat model); export, import dry run, apply."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import App, unique
from governance_helpers import (  # noqa: F401 (fixtures)
    COST, Connection, Downloads, close_test_dialog, count, fake_llm, import_items, llm, open_test_dialog,
    result_facts, send_test, setting_error, show_provider, wait_settings_form,
)


def test_test_prompt_costs_retries_deprecation_and_usage_chart(desktop, llm):
    app, server = desktop, desktop.server
    conn = Connection(server, llm)
    try:
        priced = conn.model(f"E2E Priced {unique()}")
        unpriced = conn.model(f"E2E Unpriced {unique()}", prices=False)
        old = conn.model(f"E2E Old {unique()}")
        server.ok("POST", f"/api/models/{old['id']}/deprecate", {"replacement_model_id": priced["id"]})
        app.open("#/models")
        show_provider(app, conn.id)
        assert app.row_text(priced["id"], "model-costs") == "$2.50 / 1M in · $10.00 / 1M out"
        assert app.row_text(unpriced["id"], "model-costs") == "cost unknown"

        # A priced model: the answer, its tokens and its exact cost, inline.
        open_test_dialog(app, priced["id"])
        assert app.value("model-test-prompt") == "Reply with one short sentence: are you there?"
        send_test(app)
        facts = result_facts(app)
        assert facts["model-test-text"] == "You said: Reply with one short sentence: are you there?", facts
        assert facts["model-test-tokens-in"] == "12" and facts["model-test-tokens-out"] == "8", facts
        assert facts["model-test-cost"] == COST, facts
        assert facts["model-test-latency"].endswith(" ms"), facts
        assert "model-test-attempts" not in facts, "one attempt is not mentioned"
        sent = llm.completions[-1]
        assert sent["model"] == priced["api_name"], sent
        assert sent["messages"][-1]["content"] == "Reply with one short sentence: are you there?", sent

        # A 429 first: Hangar waits Retry-After (1 s) and tries again; the dialog says so.
        llm.rate_limit_next(1)
        send_test(app, "<img src=x onerror=alert(1)>")
        facts = result_facts(app)
        assert facts["model-test-attempts"].startswith("2 "), facts
        assert facts["model-test-text"] == "You said: <img src=x onerror=alert(1)>", "the answer is text, not HTML"
        assert not app.driver.find_elements(By.CSS_SELECTOR, '[data-testid="model-test-dialog"] img'), "an <img> was parsed"
        close_test_dialog(app)
        assert server.get_model(priced["id"])[1]["last_used_at"], "last_used_at was not set"
        # The model event of the test prompt reached the list (live, no reload).
        app.until(lambda: app.row(priced["id"]).find_elements(By.CSS_SELECTOR, '[data-testid="model-last-used"]'),
                  "the row does not show when the model was last used")

        # No prices: the cost is unknown, never $0.
        open_test_dialog(app, unpriced["id"])
        send_test(app)
        facts = result_facts(app)
        assert facts["model-test-cost"] == "unknown", facts
        assert facts["model-test-tokens-in"] == "12", facts
        close_test_dialog(app)

        # Deprecated: the warning names the replacement, which can be tested from there.
        open_test_dialog(app, old["id"])
        send_test(app)
        warning = app.visible("model-test-warning")
        assert warning.get_attribute("data-code") == "model_deprecated"
        assert warning.get_attribute("data-replacement-id") == priced["id"]
        assert priced["name"] in warning.text, warning.text
        app.click("model-test-replacement")
        app.until(lambda: app.visible("model-test-dialog").get_attribute("data-model-id") == priced["id"],
                  "the replacement's dialog did not open")
        close_test_dialog(app)

        # A disabled connection: its error, and what to do next (with a link to the page).
        server.ok("PATCH", f"/api/providers/{conn.id}", {"enabled": False})
        open_test_dialog(app, unpriced["id"])
        send_test(app)
        error = app.visible("model-test-error")
        assert error.get_attribute("data-code") == "provider_disabled", error.get_attribute("data-code")
        assert "Providers page" in app.text("model-test-advice")
        assert app.visible("model-test-fix").get_attribute("href").endswith("#/providers")
        close_test_dialog(app)
        server.ok("PATCH", f"/api/providers/{conn.id}", {"enabled": True})

        # The dashboard's usage chart counts these calls.
        app.go("dashboard-page")
        chart = app.visible("usage-chart", timeout=15)
        app.until(lambda: app.shown("usage-svg"), "no usage chart after the test prompts")
        svg = app.visible("usage-svg")
        assert svg.get_attribute("role") == "img"
        assert "Calls per day" in svg.get_attribute("aria-label")
        assert int(chart.get_attribute("data-calls")) >= 4, chart.get_attribute("data-calls")
        assert app.text("usage-total-calls").startswith("Calls: ")
        cost = app.text("usage-total-cost")
        assert cost.startswith("Cost: $") and "partial" in cost, f"some calls had no price: {cost}"
        today = app.js("return new Date().toISOString().slice(0, 10);")
        bars = app.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="usage-svg"] g[data-day="{today}"] rect')
        assert bars, "no bar for today"
        app.assert_no_reload()
    finally:
        conn.delete()


def test_test_prompt_from_the_phone_action_sheet(phone, llm):
    app, server = phone, phone.server
    conn = Connection(server, llm)
    try:
        model = conn.model(f"E2E Phone {unique()}")
        app.open("#/models")
        show_provider(app, conn.id)
        assert app.visible("model-list").get_attribute("data-layout") == "cards"
        assert app.row_text(model["id"], "model-costs") == "$2.50 / 1M in · $10.00 / 1M out"
        open_test_dialog(app, model["id"])  # through model-actions and the action sheet
        assert not app.is_shown("action-sheet"), "the sheet stays under the dialog"
        send_test(app)
        assert result_facts(app)["model-test-cost"] == COST
        app.no_horizontal_scroll()
        close_test_dialog(app)
        app.assert_no_reload()
    finally:
        conn.delete()


def test_connection_limits_in_the_configure_form(desktop, llm):
    app, server = desktop, desktop.server
    conn = Connection(server, llm)
    try:
        app.open("#/providers")
        card = lambda: app.driver.find_element(By.CSS_SELECTOR, f'[data-testid="provider-card"][data-id="{conn.id}"]')  # noqa: E731
        assert app.text("provider-limits", card()) == "None"
        app.click("provider-configure", root=card)
        app.visible("provider-limits-group")
        app.fill("field-rpm_limit", "0")
        app.click("modal-save")
        app.until(lambda: "between 1 and 1,000,000,000" in app.text("error-rpm_limit"), "no message for an rpm limit of 0")
        app.fill("field-rpm_limit", "600")
        app.fill("field-tpm_limit", "200,000")
        app.fill("field-max_parallel", "4")
        app.click("modal-save")
        app.gone("provider-modal")
        stored = server.ok("GET", f"/api/providers/{conn.id}")
        assert (stored["rpm_limit"], stored["tpm_limit"], stored["max_parallel"]) == (600, 200000, 4), stored
        app.until(lambda: app.text("provider-limits", card()) == "600 requests/min · 200,000 tokens/min · 4 at once", "the card does not list the limits")
        app.click("provider-configure", root=card)
        app.until(lambda: app.value("field-rpm_limit") == "600", "the form does not show the stored limit")
        app.fill("field-max_parallel", "")
        app.click("modal-save")
        app.gone("provider-modal")
        assert server.ok("GET", f"/api/providers/{conn.id}")["max_parallel"] is None, "an emptied limit is cleared"
        app.assert_no_reload()
    finally:
        conn.delete()


def test_settings_save_reload_errors_reset_and_default_model(own_server, browser_factory):
    server = own_server
    defaults = server.ok("GET", "/api/settings")
    active = server.models(status="active", kind="hosted")[0]
    app = App(browser_factory(lang="en-US", width=1280, height=800), server)
    app.open("#/settings")
    wait_settings_form(app)
    assert app.value("field-download_concurrency") == str(defaults["download_concurrency"])
    assert app.text("current-hf_endpoint") == f"In effect: {defaults['hf_endpoint']}"

    concurrency = 5 if defaults["download_concurrency"] != 5 else 6
    app.fill("field-download_concurrency", concurrency)
    app.fill("field-ollama_cache_seconds", 120)
    app.click("settings-save")
    app.until(lambda: server.ok("GET", "/api/settings")["ollama_cache_seconds"] == 120, "the settings were not saved")
    assert server.ok("GET", "/api/settings")["download_concurrency"] == concurrency
    app.load("#/settings")
    wait_settings_form(app)
    assert app.value("field-download_concurrency") == str(concurrency)
    assert app.value("field-ollama_cache_seconds") == "120"
    app.set_marker()

    # An invalid Hub endpoint: the field says why, nothing is sent.
    app.fill("field-hf_endpoint", "ftp://mirror.example")
    app.click("settings-save")
    app.until(lambda: setting_error(app, "hf_endpoint"), "no error under the Hub endpoint")
    # The browser checks the rule GET /api/meta publishes, and says it as the server's field
    # error (code invalid_url, reason scheme) reads in this language.
    status, payload, _ = server.api("PUT", "/api/settings", {"hf_endpoint": "ftp://mirror.example"})
    assert status == 422, payload
    field = payload["error"]["fields"]["hf_endpoint"]
    assert (field["code"], field["params"]) == ("invalid_url", {"reason": "scheme"}), field
    assert field["message"] == "Hub endpoint must start with http:// or https://."
    assert "http:// or https://" in setting_error(app, "hf_endpoint")
    assert app.visible("field-hf_endpoint").get_attribute("aria-invalid") == "true"
    assert server.ok("GET", "/api/settings")["hf_endpoint"] == defaults["hf_endpoint"]
    app.fill("field-hf_endpoint", defaults["hf_endpoint"])
    app.until(lambda: not setting_error(app, "hf_endpoint"), "the error stays once fixed")

    # Reset to default sends null: the server's default is back, in the form too.
    app.click("reset-download_concurrency")
    app.until(lambda: server.ok("GET", "/api/settings")["download_concurrency"] == defaults["download_concurrency"], "not reset")
    app.until(lambda: app.value("field-download_concurrency") == str(defaults["download_concurrency"]), "the form did not follow")
    assert app.value("field-ollama_cache_seconds") == "120", "other fields keep their values"

    # A default chat model, chosen among the active models (grouped by connection).
    select = app.visible("field-default_models.chat")
    groups = select.find_elements(By.TAG_NAME, "optgroup")
    assert groups, "the models are not grouped by connection"
    app.select("field-default_models.chat", active["id"])
    app.click("settings-save")
    app.until(lambda: server.ok("GET", "/api/settings")["default_models"]["chat"] == active["id"], "the default chat model was not saved")
    app.load("#/settings")
    wait_settings_form(app)
    app.until(lambda: Select(app.visible("field-default_models.chat")).first_selected_option.get_attribute("value") == active["id"],
              "the default chat model does not show after a reload")


IMPORT_WORDS = {
    "en": {"saved": "Saved as hangar-configuration-", "rename": "Name: E2E Renamed → E2E Export", "create": "Name: E2E Exported",
           "provider": "Provider: E2E Export", "created": "Created: 1", "not_json": "not JSON"},
    "fr": {"saved": "Enregistrée sous hangar-configuration-", "rename": "Nom : E2E Renamed → E2E Export", "create": "Nom : E2E Exported",
           "provider": "Fournisseur : E2E Export", "created": "Créés : 1", "not_json": "pas du JSON"},
}


def go(app, route: str) -> None:
    """Another page of the app, without a page load."""
    app.js(f"location.hash = '{route}'")


def dashboard_count(app) -> str:
    return app.js("const e = document.querySelector('[data-testid=\"dashboard-models-count\"]'); return e ? e.textContent : null")


@pytest.mark.parametrize("lang,width,height", [("en-US", 1280, 800), ("fr-FR", 390, 844)], ids=["en-1280", "fr-390"])
def test_export_then_import_dry_run_and_apply(own_server, browser_factory, lang, width, height):
    server = own_server
    words = IMPORT_WORDS[lang[:2]]
    driver = browser_factory(lang=lang, width=width, height=height)
    downloads = Downloads(driver)
    app = App(driver, server)
    provider = server.ok("POST", "/api/providers", {"kind": "openai-compatible", "name": "E2E Export", "base_url": "http://127.0.0.1:9"})
    model = server.create_model(provider_id=provider["id"], name="E2E Exported", api_name="e2e-exported",
                                cost_input_per_million=0.1, cost_output_per_million=0.2)
    app.open("#/settings")
    wait_settings_form(app)

    app.click("export-button")
    exported = downloads.wait_file("hangar-configuration-*.json")
    status, _, _ = server.api("GET", "/api/export")
    assert status == 200
    document = json.loads(exported.read_text())
    assert document["format"] == "hangar-configuration" and document["version"] == 1
    assert any(m["id"] == model["id"] and m["cost_input_per_million"] == 0.1 for m in document["models"])
    assert "api_key" not in exported.read_text()
    assert app.text("export-status").startswith(words["saved"])

    # The configuration moves on: the model is deleted, the connection renamed.
    server.ok("DELETE", f"/api/models/{model['id']}")
    server.ok("PATCH", f"/api/providers/{provider['id']}", {"name": "E2E Renamed"})
    # The dashboard counts the models as they are now.
    before = server.ok("GET", "/api/models?limit=1")["total"]
    go(app, "#/")
    app.until(lambda: dashboard_count(app) == str(before), f"the dashboard does not count {before} models: {dashboard_count(app)!r}")
    go(app, "#/settings")
    wait_settings_form(app)

    app.visible("import-file").send_keys(str(exported))
    app.visible("import-dry-run", timeout=15)
    assert count(app, "created") >= 1 and count(app, "updated") >= 1
    items = {(item["entity"], item["id"]): item for item in import_items(app)}
    assert items[("model", model["id"])]["action"] == "create"
    assert items[("provider", provider["id"])]["action"] == "update"
    # Each change by its label, with the value in effect and the file's.
    norm = lambda text: text.replace("\u202f", " ").replace("\xa0", " ")  # noqa: E731
    changes = lambda entity, id: [norm(e.text) for e in app.shown("import-change", app.visible("import-dry-run"))  # noqa: E731
                                  if e.find_element(By.XPATH, "./ancestor::li[@data-testid='import-item']").get_attribute("data-id") == id]
    app.until(lambda: words["rename"] in changes("provider", provider["id"]), f"no {words['rename']!r}: {changes('provider', provider['id'])}")
    assert words["create"] in changes("model", model["id"]) and words["provider"] in changes("model", model["id"]), changes("model", model["id"])
    assert server.get_model(model["id"])[0] == 404, "a dry run changed something"

    app.click("import-apply")
    app.visible("import-result", timeout=15)
    assert norm(app.text("import-count-created")) == words["created"]
    assert server.get_model(model["id"])[0] == 200, "the model was not imported"
    assert server.ok("GET", f"/api/providers/{provider['id']}")["name"] == "E2E Export"
    # The counts follow the import: the dashboard shows them with the model list blocked, so
    # they can only come from the refresh Apply made.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/models?*"]})
    try:
        go(app, "#/")
        app.until(lambda: dashboard_count(app) == str(before + 1), f"the dashboard still counts {dashboard_count(app)!r}, not {before + 1}")
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    go(app, "#/settings")
    wait_settings_form(app)

    # Invalid files: not JSON (said before sending), and one the server refuses with its fields.
    app.click("import-cancel")
    app.visible("import-file").send_keys(str(downloads.write("notes.json", "not json")))
    app.until(lambda: words["not_json"] in app.text("import-error-message"), "no message for a file that is not JSON")
    app.click("import-cancel")
    app.visible("import-file").send_keys(str(downloads.write("bad.json", {"format": "hangar-configuration", "version": 1,
                                                                         "models": [{"id": "x", "provider_id": "nope"}]})))
    error = app.visible("import-error", timeout=15)
    assert error.get_attribute("data-code") in ("validation_failed", "bad_request"), error.get_attribute("data-code")
    assert app.text("import-error-message")
    app.assert_no_reload()


EMBEDDING_HINT = {
    "en-US": "Vectors for search and retrieval. Models known to only generate text are left out.",
    "fr-FR": "Vecteurs pour la recherche et la récupération de documents. Les modèles connus pour ne faire que générer du texte n’y figurent pas.",
}


@pytest.mark.parametrize("lang", ["en-US", "fr-FR"])
def test_the_embeddings_default_lists_the_models_that_can_embed(server, browser_factory, lang):
    """Issue 16, point 7: builtin chat models leave the Embeddings select (not the Chat one);
    a model named as an embedding model and one of unknown kind stay."""
    suffix = unique()
    embed = server.create_model(provider_id="openai", name=f"E2E Vectors {suffix}", api_name=f"e2e-embed-{suffix}")
    unknown = server.create_model(provider_id="openai", name=f"E2E Unknown {suffix}", api_name=f"e2e-unknown-{suffix}")
    try:
        app = App(browser_factory(lang=lang, width=1280, height=800), server)
        app.open("#/settings")
        wait_settings_form(app)
        app.wait_lang(lang[:2])

        def options(field):
            return {o.get_attribute("value") for o in app.visible(field).find_elements(By.TAG_NAME, "option")}

        app.until(lambda: unknown["id"] in options("field-default_models.embedding"), "the models are not listed")
        embedding, chat = options("field-default_models.embedding"), options("field-default_models.chat")
        assert embed["id"] in embedding and unknown["id"] in embedding, embedding
        current = server.ok("GET", "/api/settings")["default_models"]["embedding"]
        builtin_chat = {"mistral-mistral-large-latest", "ollama-llama3.2", "local-qwen3-0.6b-q4_0"} - {current}
        assert not builtin_chat & embedding, embedding
        assert builtin_chat <= chat and embed["id"] in chat, chat
        hint = app.visible("field-default_models.embedding").get_attribute("aria-describedby").split()[0]
        assert app.js("return document.getElementById(arguments[0]).textContent;", hint) == EMBEDDING_HINT[lang]
    finally:
        for model in (embed, unknown):
            server.api("DELETE", f"/api/models/{model['id']}")
