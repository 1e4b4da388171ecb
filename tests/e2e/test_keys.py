"""The Keys page against a real `hangar serve`: create an application key (client checks
first), see its secret once with the warning and a Copy button, find it in the list with its
limits and budget, check the secret opens the gateway (`GET /v1/models`), edit its limits,
revoke it after a confirmation (and the gateway refuses it); "Connect an application" shows
the snippets with this server's base URL, on the Keys page and on the dashboard, on a phone."""

import json
import urllib.error
import urllib.request

from conftest import unique


def gateway_status(server, secret: str) -> int:
    request = urllib.request.Request(server.url + "/v1/models", headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.loads(response.read())
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def server_key(server, key_id: str) -> dict:
    return server.ok("GET", f"/api/keys/{key_id}")


def card(app, key_id: str):
    return app.until(lambda: next((c for c in app.shown("key-card") if c.get_attribute("data-id") == key_id), None),
                     f"no key-card for {key_id}")


def open_keys(app):
    app.open("#/")
    app.go("keys-page")
    app.until(lambda: app.visible("keys-page").get_attribute("aria-busy") != "true", "the Keys page did not load")


def test_create_see_secret_once_list_edit_and_revoke(desktop):
    app, server = desktop, desktop.server
    open_keys(app)
    name = f"E2E App {unique()}"
    app.click("key-new")
    modal = app.visible("key-modal")
    # A budget without its period is refused before anything is sent.
    app.fill("field-name", name, root=modal)
    app.fill("field-rpm_limit", "60", root=modal)
    app.fill("field-budget_usd", "5", root=modal)
    app.click("modal-save", root=modal)
    assert "period" in app.text("error-budget_period", root=modal), app.text("error-budget_period", root=modal)
    assert app.is_shown("key-modal")
    app.select("field-budget_period", "month", root=modal)
    app.gone("error-budget_period", root=modal)
    app.click("modal-save", root=modal)

    # The secret, once, with the warning, a Copy button and the snippets that use it.
    dialog = app.visible("key-secret-dialog")
    key_id = dialog.get_attribute("data-id")
    secret = app.text("key-secret", root=dialog)
    assert secret.startswith("hk_") and len(secret) > 20, secret
    assert "will not be shown again" in app.text("key-secret-warning", root=dialog)
    app.click("key-secret-copy", root=dialog)
    app.until(lambda: app.visible("key-secret-copy", root=dialog).get_attribute("data-copied") == "true", "Copy did not say Copied")
    assert app.text("key-secret-copy", root=dialog) == "Copied"
    curl = app.visible("connect-snippet-curl", root=dialog).text
    assert f"curl {server.url}/v1/chat/completions" in curl and f"Bearer {secret}" in curl, curl
    assert f'OpenAI(base_url="{server.url}/v1", api_key="{secret}")' in app.visible("connect-snippet-python", root=dialog).text
    assert f'baseURL: "{server.url}/v1", apiKey: "{secret}"' in app.visible("connect-snippet-javascript", root=dialog).text

    stored = server_key(server, key_id)
    assert stored["name"] == name and stored["rpm_limit"] == 60, stored
    assert stored["budget_usd"] == 5 and stored["budget_period"] == "month", stored
    assert stored["models"] is None and set(stored["scopes"]) == {"inference", "catalog:read"}, stored
    assert gateway_status(server, secret) == 200, "the new secret does not open the gateway"

    # Once closed, the secret is gone from the page; the list shows the key.
    app.click("key-secret-done", root=dialog)
    app.gone("key-secret-dialog")
    assert secret not in app.driver.page_source, "the secret is still in the page"
    row = card(app, key_id)
    assert app.text("key-name", root=row) == name
    assert app.text("key-prefix", root=row) == f"{stored['prefix']}…"
    assert app.visible("key-state", root=row).get_attribute("data-state") == "active"
    assert app.text("key-limits", root=row) == "60 requests/min"
    assert app.text("key-models", root=row) == "All active models"
    assert app.text("key-spent", root=row).startswith("$0.00 of $5.00 this month"), app.text("key-spent", root=row)
    assert app.visible("key-budget-bar", root=row).get_attribute("data-level") == "ok"
    assert app.text("key-last-used", root=row) == "Never" or stored["last_used_at"]

    # Edit the limits: only what changed is sent; an emptied limit is cleared.
    app.click("key-edit", root=lambda: card(app, key_id))
    modal = app.visible("key-modal")
    assert app.value("field-rpm_limit", root=modal) == "60"
    app.fill("field-tpm_limit", "0", root=modal)
    app.click("modal-save", root=modal)
    assert app.is_shown("error-tpm_limit", root=modal), "a limit of 0 was not refused"
    app.fill("field-tpm_limit", "20000", root=modal)
    app.fill("field-rpm_limit", "", root=modal)
    app.click("modal-save", root=modal)
    app.gone("key-modal")
    app.until(lambda: app.text("key-limits", root=card(app, key_id)) == "20,000 tokens/min", "the card did not follow the edit")
    stored = server_key(server, key_id)
    assert stored["rpm_limit"] is None and stored["tpm_limit"] == 20000 and stored["budget_usd"] == 5, stored

    # Revoke: Cancel keeps the key; Revoke key revokes it, and the gateway refuses it.
    app.click("key-revoke", root=lambda: card(app, key_id))
    confirm = app.visible("key-revoke-dialog")
    assert name in confirm.text
    app.click("key-revoke-cancel", root=confirm)
    app.gone("key-revoke-dialog")
    assert server_key(server, key_id)["revoked_at"] is None
    app.click("key-revoke", root=lambda: card(app, key_id))
    app.click("key-revoke-confirm", root=app.visible("key-revoke-dialog"))
    app.gone("key-revoke-dialog")
    app.until(lambda: card(app, key_id).get_attribute("data-state") == "revoked", "the card does not say revoked")
    assert app.text("key-state", root=card(app, key_id)) == "Revoked"
    assert not app.shown("key-revoke", card(app, key_id)), "a revoked key can be revoked again"
    assert server_key(server, key_id)["revoked_at"], "the server did not revoke the key"
    assert gateway_status(server, secret) == 401
    app.assert_no_reload()


def test_connect_panel_on_a_phone_and_the_dashboard(phone):
    app, server = phone, phone.server
    server.ok("POST", "/api/keys", {"name": f"E2E Phone {unique()}", "max_parallel": 2})
    open_keys(app)
    panel = app.visible("connect-panel")
    assert app.text("connect-base-url", root=panel) == f"{server.url}/v1"
    assert app.visible("connect-panel").get_attribute("data-key") == "placeholder"
    curl = app.visible("connect-snippet-curl", root=panel).text
    assert f"curl {server.url}/v1/chat/completions" in curl and "Bearer hk_…" in curl, curl
    assert f'base_url="{server.url}/v1"' in app.visible("connect-snippet-python", root=panel).text
    assert f'baseURL: "{server.url}/v1"' in app.visible("connect-snippet-javascript", root=panel).text
    app.no_horizontal_scroll()
    # Touch targets: every button of the page is at least 44 px high.
    heights = app.js("return [...document.querySelectorAll('[data-testid=\"keys-page\"] button')]"
                     ".filter((b) => b.offsetParent).map((b) => b.getBoundingClientRect().height);")
    assert heights and min(heights) >= 44, heights
    assert app.visible("key-card")
    # The form too: its inputs, choices and buttons.
    app.click("key-new")
    app.visible("key-modal")
    sizes = app.js("return [...document.querySelectorAll('[data-testid=\"key-modal\"] :is(button, .input, label.check)')]"
                   ".filter((e) => e.offsetParent).map((e) => [e.dataset.testid || e.className, e.getBoundingClientRect().height]);")
    assert sizes and all(height >= 44 for _, height in sizes), [s for s in sizes if s[1] < 44]
    app.no_horizontal_scroll()
    app.click("modal-cancel")
    app.gone("key-modal")

    app.go("dashboard-page")
    dashboard = app.visible("dashboard-connect", timeout=15)
    assert app.text("connect-base-url", root=dashboard) == f"{server.url}/v1"
    assert "hk_…" in app.visible("connect-snippet-curl", root=dashboard).text
    app.click("dashboard-link-keys")
    app.visible("keys-page")
    app.assert_no_reload()


def test_keys_page_in_french(browser_factory, server):
    from conftest import App
    server.ok("POST", "/api/keys", {"name": f"E2E FR {unique()}", "rpm_limit": 1200, "budget_usd": 2.5, "budget_period": "day"})
    app = App(browser_factory(lang="fr-FR", width=1280, height=800), server)
    open_keys(app)
    assert app.text("nav-keys") == "Clés"
    assert app.js("return document.querySelector('[data-testid=\"keys-page\"] h1').textContent;") == "Clés d’application"
    row = app.shown("key-card")[0]
    assert app.text("key-limits", root=row) == "1\u202f200 requêtes/min", repr(app.text("key-limits", root=row))
    spent = app.text("key-spent", root=row)
    assert "sur 2,50" in spent and "aujourd’hui" in spent, spent
    assert "Remplacez hk_…" in app.text("connect-key-hint")
