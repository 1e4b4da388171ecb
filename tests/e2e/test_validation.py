"""Validation messages from the client (no request sent) and from the server (409), shown
under their fields; the modal keeps what was typed."""

import json

from conftest import unique


def model_writes(driver):
    """POST/PATCH/DELETE requests to /api/models* since the last call, from Chromium's
    performance log: [(method, url)] and {requestId: status}."""
    requests, statuses = {}, {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            request = params["request"]
            if "/api/models" in request["url"] and request["method"] in ("POST", "PATCH", "PUT", "DELETE"):
                requests[params["requestId"]] = (request["method"], request["url"])
        elif message.get("method") == "Network.responseReceived":
            statuses[params["requestId"]] = params["response"]["status"]
    return [(method, url, statuses.get(rid)) for rid, (method, url) in requests.items()]


def described_by(app, field: str, error: str) -> None:
    """The input points at its message with aria-describedby."""
    message_id = app.visible(error).get_attribute("id")
    assert message_id, f"{error} has no id for aria-describedby"
    described = (app.visible(field).get_attribute("aria-describedby") or "").split()
    assert message_id in described, f"{field} aria-describedby={described} does not name {error} (#{message_id})"


def test_client_and_server_validation_messages(desktop):
    app, server = desktop, desktop.server
    suffix = unique()
    api_name = f"e2e-valid-{suffix}"
    app.open("#/models")
    app.click("model-new")
    app.visible("model-modal")
    app.click("type-hosted")
    app.select("field-provider_id", "mistral")

    # client side: empty name, context window 1023 -> messages under the fields, no request
    app.fill("field-name", "")
    app.fill("field-api_name", api_name)
    app.fill("field-context_window", 1023)
    model_writes(app.driver)  # drain the log
    app.click("modal-save")
    name_error = app.visible("error-name")
    app.until(lambda: name_error.text.strip() != "", "error-name is empty")
    window_error = app.visible("error-context_window")
    app.until(lambda: "1,024" in window_error.text and "2,000,000" in window_error.text,
              f"error-context_window does not state the range: {window_error.text!r}")
    described_by(app, "field-name", "error-name")
    described_by(app, "field-context_window", "error-context_window")
    assert not app.is_shown("error-api_name") or not app.text("error-api_name"), "api_name is valid"
    app.visible("model-modal")
    assert model_writes(app.driver) == [], "the client-side check still sent a request"
    assert app.text("modal-error").startswith("Some fields need a fix"), app.text("modal-error")

    # server side: api_name already used on this provider -> 409, fields.api_name under the field
    status, payload, _ = server.api("POST", "/api/models", {
        "provider_id": "mistral", "name": "probe", "api_name": "mistral-large-latest"})
    assert status == 409, (status, payload)
    assert payload["error"]["fields"]["api_name"]["code"] == "duplicate", payload
    server_message = payload["error"]["fields"]["api_name"]["message"]

    name = f"E2E Duplicate {suffix}"
    app.fill("field-name", name)
    app.fill("field-context_window", 32000)
    app.gone("modal-error")  # the fields are fixed: the banner that sent the person there goes
    app.fill("field-api_name", "mistral-large-latest")
    app.click("modal-save")
    api_error = app.visible("error-api_name")
    app.until(lambda: api_error.text.strip() == server_message,
              f"error-api_name shows {api_error.text!r}, not the server's {server_message!r}")
    described_by(app, "field-api_name", "error-api_name")
    writes = model_writes(app.driver)
    assert [w for w in writes if w[0] == "POST" and w[2] == 409], f"no POST answered 409 was sent: {writes}"

    # the modal is still open with everything typed
    app.visible("model-modal")
    assert app.value("field-name") == name
    assert app.value("field-api_name") == "mistral-large-latest"
    assert app.value("field-context_window") == "32000"
    assert app.value("field-provider_id") == "mistral"
    assert not app.is_shown("error-name") or not app.text("error-name"), "the fixed name error still shows"
    assert not app.is_shown("error-context_window") or not app.text("error-context_window")
    save = app.visible("modal-save")
    app.until(lambda: save.is_enabled(), "modal-save stays disabled after the server error")

    app.click("modal-close")
    app.gone("model-modal")
    assert not [m for m in server.models(provider="mistral") if m["name"] == name]
    app.assert_no_reload()
