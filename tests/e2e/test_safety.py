"""A model name holding markup shows as text everywhere; nothing runs."""

from selenium.common.exceptions import NoAlertPresentException

from conftest import set_viewport, unique

XSS = "<img src=x onerror=alert(1)>"


def assert_inert(app) -> None:
    try:
        alert = app.driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"an alert showed: {text!r}")
    except NoAlertPresentException:
        pass
    found = app.js("return document.querySelectorAll('img[src=\"x\"], [onerror]').length;")
    assert found == 0, "the model name was parsed as HTML"


def test_markup_in_a_name_stays_text(server, desktop, phone):
    model = server.create_model(provider_id="openai", name=XSS, api_name=unique("e2e-xss-"))
    model_id = model["id"]
    try:
        # phone: the card and its action sheet
        set_viewport(phone.driver, 390, 844)
        phone.open("#/models")
        phone.until(lambda: phone.row_text(model_id, "model-name") == XSS, "the card does not show the name as text")
        phone.click("model-actions", root=phone.row(model_id))
        phone.visible("action-sheet")
        assert_inert(phone)
        phone.assert_no_reload()

        # desktop: the table row, the edit modal, the delete confirmation and its toast
        app = desktop
        app.open("#/models")
        app.until(lambda: app.row_text(model_id, "model-name") == XSS, "the row does not show the name as text")
        assert_inert(app)
        app.row_action(model_id, "action-edit")
        app.visible("model-modal")
        app.until(lambda: app.value("field-name") == XSS, "field-name does not hold the name verbatim")
        assert_inert(app)
        app.click("modal-close")
        app.gone("model-modal")

        app.row_action(model_id, "action-delete")
        app.visible("confirm-dialog")
        assert_inert(app)
        app.click("confirm-ok")
        app.gone("confirm-dialog")
        app.row_gone(model_id)
        assert server.get_model(model_id)[0] == 404
        assert_inert(app)
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model_id}")
