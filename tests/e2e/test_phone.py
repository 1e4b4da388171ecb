"""Phone widths: cards, the action sheet, a fullscreen modal, no horizontal scroll."""

import pytest

from conftest import set_viewport, unique


@pytest.mark.parametrize("width,height", [(390, 844), (360, 740)], ids=["390x844", "360x740"])
def test_cards_and_action_sheet_at_phone_width(phone, width, height):
    app, server = phone, phone.server
    set_viewport(app.driver, width, height)
    name = f"E2E Phone {unique()}"
    model = server.create_model(provider_id="openai", name=name, api_name=unique("e2e-phone-"))
    try:
        app.open("#/models")
        assert app.js("return window.innerWidth;") == width
        model_list = app.visible("model-list")
        assert model_list.get_attribute("data-layout") == "cards"
        rows = app.shown("model-row")
        assert rows, "no model-row shows"
        assert all(r.tag_name.lower() == "article" for r in rows), {r.tag_name for r in rows}
        app.no_horizontal_scroll()

        card = app.row(model["id"])
        assert app.row_text(model["id"], "model-name") == name
        rect = card.rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width + 0.5, f"card {rect} overflows {width} px"
        for action in ("action-edit", "action-delete", "action-deprecate"):
            assert not app.shown(action, card), f"{action} shows on the card itself, not in the sheet"

        # model-actions opens the action sheet with the buttons that apply
        app.click("model-actions", root=card)
        sheet = app.visible("action-sheet")
        for action in ("action-edit", "action-set-default", "action-deprecate", "action-delete"):
            assert app.shown(action, sheet), f"{action} is missing from the action sheet"
        assert not app.shown("action-restore", sheet)
        app.no_horizontal_scroll()

        # edit from the sheet: a fullscreen modal
        app.click("action-edit", root=sheet)
        modal = app.visible("model-modal")
        app.gone("action-sheet")
        app.until(lambda: app.value("field-name") == name, "field-name does not hold the model's name")
        inner = app.js("return [window.innerWidth, window.innerHeight];")

        def viewport_box():  # relative to the viewport (WebDriver's rect is relative to the page)
            return app.js("return arguments[0].getBoundingClientRect().toJSON();", modal)

        def fullscreen():  # waits out an opening animation
            box = viewport_box()
            return box["x"] <= 0.5 and box["y"] <= 0.5 and box["width"] >= inner[0] - 0.5 and box["height"] >= inner[1] - 0.5
        app.until(fullscreen, f"the modal does not fill the {inner[0]}×{inner[1]} viewport: {viewport_box()}")
        app.no_horizontal_scroll()
        app.click("modal-close")
        app.gone("model-modal")
        app.no_horizontal_scroll()
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model['id']}")
        set_viewport(app.driver, 390, 844)


def test_builtin_card_sheet_has_no_delete(phone):
    app = phone
    app.open("#/models")
    app.row_action("mistral-codestral-latest", "action-edit")  # through the sheet
    app.visible("model-modal")
    # builtin: only temperature_default is editable
    assert app.visible("field-temperature_default").is_enabled()
    name_input = app.visible("field-name")
    assert not name_input.is_enabled() or name_input.get_attribute("readonly") is not None, \
        "field-name of a builtin model is editable"
    app.click("modal-close")
    app.gone("model-modal")
    app.click("model-actions", root=app.row("mistral-codestral-latest"))
    sheet = app.visible("action-sheet")
    assert app.shown("action-edit", sheet)
    assert not app.shown("action-delete", sheet), "a builtin model offers delete"
    app.no_horizontal_scroll()
    app.assert_no_reload()
