"""Screenshots for docs/screenshots, on a server of their own: the dashboard of an install being
set up; the Models page seeded with a local model, a deprecated one and a provider default; the
Ollama page of a fake Ollama server (`hangar-fakes ollama`); the Settings page, a test prompt's
result and the dashboard's usage chart after test prompts to `hangar-fakes openai`'s chat
completions; the Keys page and a new key's secret, shown once."""

import struct

import pytest
from selenium.webdriver.support.ui import Select

from conftest import REPORT, SCREENSHOTS, App, HangarServer, _servers, set_viewport
from governance_helpers import Connection, fake_llm, open_test_dialog, send_test, show_provider, wait_settings_form  # noqa: F401

SIZES = [(390, 844), (1280, 800)]


@pytest.fixture(scope="module")
def shot_server():
    srv = HangarServer("screenshots")
    _servers.append(srv)
    srv.start()
    local = srv.create_model(
        provider_id="local", name="DeepSeek R1 Distill Qwen 1.5B", api_name="deepseek-r1-distill-qwen-1.5b",
        hf_repo="bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF", model_file="DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf",
        context_window=32768, max_output_tokens=8192)
    gpt = srv.create_model(provider_id="openai", name="GPT-4o", api_name="gpt-4o", context_window=128000,
                           max_output_tokens=16384, cost_input_per_million=2.5, cost_output_per_million=10)
    srv.create_model(provider_id="openai", name="GPT-4o mini", api_name="gpt-4o-mini", context_window=128000,
                     max_output_tokens=16384, cost_input_per_million=0.15, cost_output_per_million=0.6)
    srv.ok("POST", f"/api/models/{gpt['id']}/set-default")
    srv.ok("POST", "/api/models/mistral-codestral-latest/set-default")
    srv.ok("POST", "/api/models/ollama-codellama/deprecate", {"replacement_model_id": "ollama-llama3.1"})
    srv.seeded = {"local": local["id"], "default": "mistral-codestral-latest", "deprecated": "ollama-codellama"}
    yield srv
    srv.cleanup()
    _servers.remove(srv)


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def open_at(app: App, route: str, lang: str, width: int, height: int) -> None:
    """Opens route at width × height, in lang (switched in the header when the browser's
    language gave the other one)."""
    set_viewport(app.driver, width, height)
    app.open(route)
    if app.visible("lang-select").get_attribute("value") != lang:
        Select(app.visible("lang-select")).select_by_value(lang)
    app.wait_lang(lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_models_page_screenshots(shot_server, browser_factory, lang):
    driver = browser_factory(lang="en-US" if lang == "en" else "fr-FR", width=1280, height=800)
    app = App(driver, shot_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        open_at(app, "#/models", lang, width, height)
        seeded = shot_server.seeded
        app.until(lambda: app.shown("model-default-badge", app.row(seeded["default"])), "no default badge")
        app.until(lambda: app.shown("model-deprecated-badge", app.row(seeded["deprecated"])), "no deprecated badge")
        assert app.row_text(seeded["local"], "model-downloaded") == ("No" if lang == "en" else "Non")
        expected_layout = "cards" if width < 640 else "table"
        assert app.visible("model-list").get_attribute("data-layout") == expected_layout
        app.no_horizontal_scroll()
        app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
        driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                    "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => done(true));")
        path = SCREENSHOTS / f"models-{lang}-{width}.png"
        assert driver.save_screenshot(str(path)), f"could not write {path}"
        assert png_size(path) == (width, height), f"{path} is {png_size(path)}, not {width}×{height}"
        REPORT.append(f"screenshot: {path.relative_to(SCREENSHOTS.parents[1])} ({width}×{height})")
        app.assert_no_reload()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_ollama_page_screenshots(shot_server, browser_factory, ollama, lang):
    """docs/screenshots/ollama-{lang}-{width}.png: a server with an update found by a check, a
    model loaded in memory, and a catalog model not pulled yet."""
    ollama.load("llama3.2:latest")
    ollama.publish_update("qwen2.5:0.5b")
    provider = shot_server.ok("POST", "/api/providers", {"kind": "ollama", "name": "GPU box", "base_url": ollama.url})
    try:
        shot_server.create_model(provider_id=provider["id"], name="Qwen 2.5 0.5B", api_name="qwen2.5:0.5b", context_window=32768, max_output_tokens=8192)
        shot_server.create_model(provider_id=provider["id"], name="SmolLM2 135M", api_name="smollm2:135m", context_window=8192, max_output_tokens=2048)
        check = shot_server.ok("POST", f"/api/providers/{provider['id']}/ollama/check-updates")
        driver = browser_factory(lang="en-US" if lang == "en" else "fr-FR", width=1280, height=800)
        app = App(driver, shot_server)
        app.until(lambda: shot_server.ok("GET", f"/api/jobs/{check['id']}")["state"] == "succeeded", "the update check did not finish", timeout=20)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for width, height in SIZES:
            open_at(app, f"#/ollama/{provider['id']}", lang, width, height)
            app.until(lambda: any(b.get_attribute("data-status") == "update_available" for b in app.shown("ollama-update-badge")), "no update badge")
            app.until(lambda: app.shown("ollama-running-row"), "no running model")
            app.until(lambda: app.shown("ollama-catalog-pull"), "no catalog model to pull")
            expected_layout = "cards" if width < 640 else "table"
            assert app.visible("ollama-model-list").get_attribute("data-layout") == expected_layout
            app.no_horizontal_scroll()
            app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
            driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                        "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => done(true));")
            path = SCREENSHOTS / f"ollama-{lang}-{width}.png"
            assert driver.save_screenshot(str(path)), f"could not write {path}"
            assert png_size(path) == (width, height), f"{path} is {png_size(path)}, not {width}×{height}"
            REPORT.append(f"screenshot: {path.relative_to(SCREENSHOTS.parents[1])} ({width}×{height})")
            app.assert_no_reload()
    finally:
        shot_server.api("DELETE", f"/api/providers/{provider['id']}?cascade=true")


def save_shot(driver, name: str, width: int, height: int) -> None:
    driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => done(true));")
    path = SCREENSHOTS / name
    assert driver.save_screenshot(str(path)), f"could not write {path}"
    assert png_size(path) == (width, height), f"{path} is {png_size(path)}, not {width}×{height}"
    REPORT.append(f"screenshot: {path.relative_to(SCREENSHOTS.parents[1])} ({width}×{height})")


def test_governance_screenshots(shot_server, browser_factory, fake_llm):
    """docs/screenshots/usage-chart.png (the dashboard after a few test prompts, one model
    without prices), model-test.png (a test prompt's answer, tokens and cost) and settings.png."""
    conn = Connection(shot_server, fake_llm, name="Team gateway")
    # The Hub as people know it rather than the run's fake (reset to the run's at the end).
    shot_server.ok("PUT", "/api/settings", {"hf_endpoint": "https://huggingface.co", "download_concurrency": 3, "ollama_cache_seconds": 60})
    try:
        llama = conn.model("Llama 3.3 70B", api_name="llama-3.3-70b", cost_input_per_million=0.59, cost_output_per_million=0.79)
        qwen = conn.model("Qwen 2.5 Coder 32B", api_name="qwen2.5-coder-32b", prices=False)
        for model in (llama, llama, llama, qwen):
            shot_server.ok("POST", f"/api/models/{model['id']}/test", {})
        width, height = 1280, 800
        driver = browser_factory(lang="en-US", width=width, height=height)
        app = App(driver, shot_server)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

        app.open("#/")
        app.visible("usage-svg", timeout=15)
        app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
        app.js("document.querySelector('[data-testid=\"usage-chart\"]').scrollIntoView({block: 'center'});")
        save_shot(driver, "usage-chart.png", width, height)

        app.go("models-page")
        show_provider(app, conn.id)
        open_test_dialog(app, llama["id"])
        send_test(app)
        app.visible("model-test-cost")
        app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
        save_shot(driver, "model-test.png", width, height)
        app.click("model-test-close")
        app.gone("model-test-dialog")

        app.go("settings-page")
        wait_settings_form(app)
        app.select("field-default_models.chat", llama["id"])
        app.js("document.activeElement.blur();")
        app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
        save_shot(driver, "settings.png", width, height)
        app.assert_no_reload()
    finally:
        shot_server.ok("PUT", "/api/settings", {"hf_endpoint": None, "download_concurrency": None, "ollama_cache_seconds": None})
        conn.delete()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_keys_page_screenshots(shot_server, browser_factory, lang):
    """docs/screenshots/keys-<lang>-<width>.png (keys with limits, a budget, one revoked) and
    key-created-390.png (a new key's secret with the Connect snippets)."""
    made = [shot_server.ok("POST", "/api/keys", body) for body in (
        {"name": "Nightly evaluations", "rpm_limit": 600, "tpm_limit": 200000, "budget_usd": 50, "budget_period": "month"},
        {"name": "Catalog reader", "scopes": ["catalog:read"]},
        {"name": "Old prototype", "max_parallel": 2},
    )]
    shot_server.ok("DELETE", f"/api/keys/{made[2]['id']}")
    driver = browser_factory(lang="en-US" if lang == "en" else "fr-FR", width=1280, height=800)
    app = App(driver, shot_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for width, height in SIZES:
            open_at(app, "#/", lang, width, height)
            app.go("keys-page")
            app.until(lambda: len(app.shown("key-card")) >= 3, "the keys did not show")
            app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
            save_shot(driver, f"keys-{lang}-{width}.png", width, height)
        if lang == "en":
            set_viewport(driver, 390, 844)
            app.click("key-new")
            app.fill("field-name", "Research notebook")
            app.fill("field-rpm_limit", "60")
            app.click("modal-save")
            app.visible("key-secret-dialog")
            made.append({"id": app.visible("key-secret-dialog").get_attribute("data-id")})
            app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
            save_shot(driver, "key-created-390.png", 390, 844)
            app.click("key-secret-done")
        app.assert_no_reload()
    finally:
        for key in made:
            shot_server.api("DELETE", f"/api/keys/{key['id']}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dashboard_screenshots(shot_server, browser_factory, lang):
    """The dashboard of an install being set up: the first-run checklist with its own model
    ticked, the counts, and the usage card."""
    driver = browser_factory(lang="en-US" if lang == "en" else "fr-FR", width=1280, height=800)
    app = App(driver, shot_server)
    for width, height in SIZES:
        open_at(app, "#/", lang, width, height)
        app.until(lambda: app.text("dashboard-models-count") != "…", "the dashboard's counts never showed")
        step = app.driver.find_element("css selector", '[data-testid="first-run-step"][data-step="model"]')
        assert step.get_attribute("data-done") == "true", "the seeded models do not tick the model step"
        app.visible("usage-chart")
        app.no_horizontal_scroll()
        app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
        save_shot(driver, f"dashboard-{lang}-{width}.png", width, height)
        app.assert_no_reload()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sync_page_screenshots(shot_server, browser_factory, lang):
    """The Sync page with a preview of the shipped LiteLLM snapshot against the seeded catalog
    (nothing applied: the other shots keep their prices)."""
    driver = browser_factory(lang="en-US" if lang == "en" else "fr-FR", width=1280, height=800)
    app = App(driver, shot_server)
    open_at(app, "#/sync", lang, 1280, 800)
    app.click("sync-preview")
    app.until(lambda: int(app.visible("sync-changes").get_attribute("data-count") or 0) > 0,
              "the snapshot's preview listed no change")
    # The differences, old → new, are what the page is for: they fill the shot.
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", app.visible("sync-summary"))
    app.no_horizontal_scroll()
    app.until(lambda: not app.is_shown("toast"), "a toast is still showing", timeout=15)
    save_shot(driver, f"sync-{lang}-1280.png", 1280, 800)
    app.assert_no_reload()
