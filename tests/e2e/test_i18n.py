"""French: switching lang-select, and a browser whose language is fr-FR."""

import datetime
import re

from selenium.webdriver.support.ui import Select

from conftest import App, unique

DATE_FR = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def today_fr() -> set[str]:
    """Today as DD/MM/YYYY, in local time and in UTC (the browser runs on this machine)."""
    local = datetime.datetime.now()
    utc = datetime.datetime.now(datetime.timezone.utc)
    return {d.strftime("%d/%m/%Y") for d in (local, utc)}


def nav_text(app: App, name: str) -> str:
    return app.visible(name).text.strip()


def assert_french_models_page(app: App, model_id: str) -> None:
    app.wait_lang("fr")
    app.until(lambda: "Modèles" in nav_text(app, "nav-models"),
              f"nav-models reads {nav_text(app, 'nav-models')!r}, not 'Modèles'")
    updated = app.row_text(model_id, "model-updated")
    assert DATE_FR.match(updated), f"model-updated {updated!r} is not DD/MM/YYYY"
    assert updated in today_fr(), f"model-updated {updated!r} is not today ({today_fr()})"
    assert app.row_text("local-qwen3-0.6b-q4_0", "model-downloaded") == "Non"
    assert app.row_text(model_id, "model-downloaded") == "–"


def test_switch_to_french_and_back(server, browser_factory):
    model = server.create_model(provider_id="openai", name=f"E2E Langue {unique()}", api_name=unique("e2e-lang-"))
    try:
        app = App(browser_factory(lang="en-US", width=1280, height=800), server)
        app.open("#/models")
        app.wait_lang("en")
        assert "Models" in nav_text(app, "nav-models")
        assert app.row_text("local-qwen3-0.6b-q4_0", "model-downloaded") == "No"
        english_new = app.text("model-new")
        updated_en = app.row_text(model["id"], "model-updated")
        assert str(datetime.datetime.now().year) in updated_en, updated_en

        select = app.visible("lang-select")
        assert select.get_attribute("value") == "en"
        assert {o.get_attribute("value") for o in Select(select).options} >= {"en", "fr"}
        Select(select).select_by_value("fr")
        assert_french_models_page(app, model["id"])
        assert app.text("model-new") != english_new, "model-new is not translated"
        app.assert_no_reload()

        Select(app.visible("lang-select")).select_by_value("en")
        app.wait_lang("en")
        app.until(lambda: "Models" in nav_text(app, "nav-models"), "nav-models is not English again")
        app.until(lambda: app.row_text(model["id"], "model-updated") == updated_en,
                  "model-updated is not in the English format again")
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model['id']}")


def test_french_browser_starts_in_french(server, browser_factory):
    model = server.create_model(provider_id="openai", name=f"E2E Français {unique()}", api_name=unique("e2e-fr-"))
    try:
        app = App(browser_factory(lang="fr-FR", width=1280, height=800), server)
        app.open("#/models", login=False)
        app.visible("login-token")
        app.wait_lang("fr")
        app.login()
        app.go("models-page")
        assert app.visible("lang-select").get_attribute("value") == "fr"
        assert_french_models_page(app, model["id"])
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model['id']}")


def test_settings_page_and_usage_chart_in_french(server, browser_factory):
    app = App(browser_factory(lang="fr-FR", width=1280, height=800), server)
    app.open("#/settings")
    app.wait_lang("fr")
    app.visible("settings-page")
    assert nav_text(app, "nav-settings") == "Paramètres"
    app.visible("settings-form", timeout=15)
    assert app.text("settings-save") == "Enregistrer les paramètres"
    assert app.text("reset-download_concurrency") == "Rétablir"
    app.until(lambda: app.text("current-download_concurrency").startswith("En vigueur : "), "the value in effect is not in French")
    assert app.visible("export-button").text.strip() == "Exporter la configuration"
    app.go("dashboard-page")
    chart = app.visible("usage-chart", timeout=15)
    app.until(lambda: "Utilisation, 30 derniers jours" in chart.text, "the usage card is not in French")
    app.assert_no_reload()
