"""Models page at desktop width: create, edit, deprecate and delete a hosted model; create a
local model record; the table layout."""

import pytest

from conftest import App, unique
from governance_helpers import Connection, fake_llm, llm  # noqa: F401 (fixtures)

HOSTED_ONLY = ("field-provider_id", "field-cost_input_per_million", "field-cost_output_per_million")
LOCAL_ONLY = ("field-hf_repo", "field-hf_revision", "field-model_file")


def test_hosted_model_create_edit_deprecate_delete(desktop):
    app, server = desktop, desktop.server
    suffix = unique()
    name, api_name = f"E2E Hosted {suffix}", f"e2e-hosted-{suffix}"
    app.open("#/models")

    # create
    app.click("model-new")
    modal = app.visible("model-modal")
    assert modal.get_attribute("role") == "dialog"
    assert modal.get_attribute("aria-modal") == "true"
    app.click("type-hosted")
    for field in LOCAL_ONLY:
        assert not app.is_shown(field), f"{field} shows for a hosted model"
    app.select("field-provider_id", "openai")
    app.fill("field-name", name)
    app.fill("field-api_name", api_name)
    app.fill("field-context_window", 128000)
    app.fill("field-max_output_tokens", 4096)
    app.click("modal-save")
    app.gone("model-modal")

    created = server.find_model("openai", api_name)
    assert created is not None, "the model was not created on the server"
    assert created["name"] == name
    assert created["kind"] == "hosted"
    assert created["context_window"] == 128000
    assert created["max_output_tokens"] == 4096
    assert created["status"] == "active"
    model_id = created["id"]
    app.wait_row_text(model_id, "model-name", name)
    assert "OpenAI" in app.row_text(model_id, "model-source")
    assert app.row_text(model_id, "model-downloaded") == "–"
    assert not app.shown("model-deprecated-badge", app.row(model_id))
    assert {"action-edit", "action-deprecate", "action-delete"} <= app.actions_in_row(model_id)
    assert "action-restore" not in app.actions_in_row(model_id)

    # edit: the modal shows the stored values; the type is fixed
    app.row_action(model_id, "action-edit")
    app.visible("model-modal")
    assert not app.is_shown("type-hosted") and not app.is_shown("type-local"), "the type switch shows in edit"
    app.until(lambda: app.value("field-name") == name, "field-name does not hold the model's name")
    assert app.value("field-api_name") == api_name
    assert app.value("field-context_window") == "128000"
    new_name = f"E2E Edited {suffix}"
    app.fill("field-name", new_name)
    app.fill("field-context_window", 64000)
    app.click("modal-save")
    app.gone("model-modal")
    app.wait_row_text(model_id, "model-name", new_name)
    _, stored = server.get_model(model_id)
    assert stored["name"] == new_name and stored["context_window"] == 64000, stored

    # deprecate: cancel first (nothing changes), then confirm
    app.row_action(model_id, "action-deprecate")
    app.visible("confirm-dialog")
    app.visible("deprecate-replacement")
    app.click("confirm-cancel")
    app.gone("confirm-dialog")
    assert server.get_model(model_id)[1]["status"] == "active"
    assert not app.shown("model-deprecated-badge", app.row(model_id))

    # confirmed with a replacement: the row names it
    replacement = server.create_model(provider_id="openai", name=f"E2E Successor {suffix}", api_name=f"e2e-successor-{suffix}")
    app.row_action(model_id, "action-deprecate")
    app.visible("confirm-dialog")
    app.until(lambda: replacement["id"] in [o.get_attribute("value") for o in
                                            app.visible("deprecate-replacement").find_elements("css selector", "option")],
              "the replacement is not offered")
    app.select("deprecate-replacement", replacement["id"])
    app.click("confirm-ok")
    app.gone("confirm-dialog")
    app.until(lambda: app.shown("model-deprecated-badge", app.row(model_id)), "no deprecated badge after deprecating")
    assert server.get_model(model_id)[1]["status"] == "deprecated"
    app.until(lambda: app.row_text(model_id, "model-replacement") == f"Replaced by E2E Successor {suffix}",
              "the deprecated row does not name its replacement")
    actions = app.actions_in_row(model_id)
    assert "action-restore" in actions and "action-delete" in actions, actions
    assert "action-deprecate" not in actions and "action-set-default" not in actions, actions

    # delete: confirm
    app.row_action(model_id, "action-delete")
    app.visible("confirm-dialog")
    app.click("confirm-ok")
    app.gone("confirm-dialog")
    app.row_gone(model_id)
    assert server.get_model(model_id)[0] == 404
    server.api("DELETE", f"/api/models/{replacement['id']}")
    app.assert_no_reload()


def test_create_local_model_record(desktop):
    app, server = desktop, desktop.server
    suffix = unique()
    name = f"E2E Local {suffix}"
    repo, model_file = f"e2e-owner/E2E-{suffix}-GGUF", f"e2e-{suffix}-Q4_K_M.gguf"
    app.open("#/models")

    app.new_model_form("local")
    app.visible("field-hf_repo")
    app.visible("field-model_file")
    for field in ("field-cost_input_per_million", "field-cost_output_per_million"):
        assert not app.is_shown(field), f"{field} shows for a local model"
    app.fill("field-name", name)
    if app.is_shown("field-api_name"):
        app.fill("field-api_name", f"e2e-local-{suffix}")
    app.fill("field-hf_repo", repo)
    app.fill("field-model_file", model_file)
    app.click("modal-save")
    app.gone("model-modal")

    created = next((m for m in server.models(provider="local") if m["name"] == name), None)
    assert created is not None, "the local model was not created on the server"
    try:
        assert created["kind"] == "local" and created["provider_id"] == "local", created
        assert created["hf_repo"] == repo and created["model_file"] == model_file, created
        assert created["hf_revision"] == "main", created
        assert created["downloaded"] is False, created
        model_id = created["id"]
        app.wait_row_text(model_id, "model-name", name)
        assert app.row_text(model_id, "model-downloaded") == "No"
        source = app.row_text(model_id, "model-source")
        assert repo in source and model_file in source, source
        assert "local" in app.row_text(model_id, "model-type").lower()
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{created['id']}")


def test_table_layout_at_desktop_width(desktop):
    app, server = desktop, desktop.server
    model = server.create_model(provider_id="openai", name=f"E2E Table {unique()}", api_name=unique("e2e-table-"))
    try:
        app.open("#/models")
        model_list = app.visible("model-list")
        assert model_list.get_attribute("data-layout") == "table"
        row = app.row(model["id"])
        assert row.tag_name.lower() == "tr"
        assert not app.shown("model-actions", row), "model-actions shows in table layout"
        assert {"action-edit", "action-set-default", "action-deprecate", "action-delete"} <= app.actions_in_row(model["id"])
        # builtin models never offer delete
        assert "action-delete" not in app.actions_in_row("mistral-codestral-latest")
        # builtin local model, not downloaded
        assert app.row_text("local-qwen3-0.6b-q4_0", "model-downloaded") == "No"
        app.no_horizontal_scroll()
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model['id']}")


def test_layout_follows_viewport_resize(desktop):
    """Narrowing the window to phone width switches the list to cards without a reload."""
    from conftest import set_viewport
    app = desktop
    app.open("#/models")
    app.until(lambda: app.visible("model-list").get_attribute("data-layout") == "table", "not a table at 1280 px")
    set_viewport(app.driver, 390, 844)
    try:
        app.until(lambda: app.visible("model-list").get_attribute("data-layout") == "cards",
                  "model-list did not switch to cards at 390 px")
        app.no_horizontal_scroll()
        set_viewport(app.driver, 1280, 800)
        app.until(lambda: app.visible("model-list").get_attribute("data-layout") == "table",
                  "model-list did not switch back to a table at 1280 px")
        app.assert_no_reload()
    finally:
        set_viewport(app.driver, 1280, 800)


# Issue 16, point 7: the local form's own examples, and a GGUF whose context length differs.
LOCAL_TEXTS = {
    "en-US": {"hint": "The name clients send as “model” to use this file, without spaces.",
              "hosted_hint": "The identifier sent to the provider, without spaces.",
              "offer": "The downloaded file’s GGUF header gives", "use": "Use"},
    "fr-FR": {"hint": "Le nom que les clients envoient comme « model » pour utiliser ce fichier, sans espaces.",
              "hosted_hint": "L’identifiant envoyé au fournisseur, sans espaces.",
              "offer": "L’en-tête GGUF du fichier téléchargé indique", "use": "Utiliser"},
}


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("lang", ["en-US", "fr-FR"])
def test_local_form_examples_and_the_gguf_context_offer(server, browser_factory, hub, lang):
    texts = LOCAL_TEXTS[lang]
    suffix = unique()
    repo, model_file = f"e2e-owner/Context-{suffix}-GGUF", f"context-{suffix}-Q4_0.gguf"
    hub.add_gguf(repo, model_file)  # its header says 40,960 tokens of context
    model = server.create_model(provider_id="local", name=f"E2E Context {suffix}", api_name=f"e2e-context-{suffix}",
                                hf_repo=repo, model_file=model_file, context_window=32768, max_output_tokens=4096,
                                download_now=True)
    try:
        app = App(browser_factory(lang=lang, width=1280, height=800), server)
        app.open("#/models")
        app.wait_lang(lang[:2])

        # The create form: the local type has its own API name example and hint.
        app.new_model_form("local")
        app.until(lambda: app.visible("field-api_name").get_attribute("placeholder") == "qwen3-0.6b", "no local API name example")
        assert app.text("hint-api_name") == texts["hint"]
        assert app.visible("field-hf_revision").get_attribute("placeholder") == "main"
        assert app.visible("field-model_file").get_attribute("placeholder").endswith(".gguf")
        app.click("type-hosted")
        app.until(lambda: app.visible("field-api_name").get_attribute("placeholder") == "mistral-large-latest", "the hosted example is not back")
        assert app.text("hint-api_name") == texts["hosted_hint"]
        app.click("modal-cancel")
        app.gone("model-modal")

        app.until(lambda: (server.get_model(model["id"])[1].get("gguf") or {}).get("context_length") == 40960,
                  "the download did not finish with a GGUF header", timeout=30)
        app.row_action(model["id"], "action-edit")
        app.visible("model-modal")
        app.until(lambda: app.value("field-context_window") == "32768", "the context window is not shown")
        offer = app.visible("gguf-context-offer", timeout=15)
        assert offer.text.startswith(texts["offer"]) and "40960" in digits(offer.text), offer.text
        use = app.visible("gguf-context-use")
        assert use.text.startswith(texts["use"]) and digits(use.text) == "40960", use.text
        app.click("gguf-context-use")
        app.until(lambda: app.value("field-context_window") == "40960", "the file's context length was not filled in")
        app.gone("gguf-context-offer")
        assert server.get_model(model["id"])[1]["context_window"] == 32768, "adopting saved without the admin"
        app.click("modal-save")
        app.gone("model-modal")
        app.until(lambda: server.get_model(model["id"])[1]["context_window"] == 40960, "the adopted context window was not saved")
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model['id']}?delete_local_file=true")


SUGGESTED_HINT = {"en-US": "models found: 1", "fr-FR": "modèles trouvés : 1"}


@pytest.mark.parametrize("lang", ["en-US", "fr-FR"])
def test_the_api_name_suggests_what_the_connection_test_found(server, browser_factory, llm, lang):
    """Issue 16, point 7: the hosted form's API name offers the model ids of the chosen
    connection's last test (`hangar-fakes openai` lists one, fake-model)."""
    tested, untested = Connection(server, llm), Connection(server, llm)
    try:
        result = server.ok("POST", f"/api/providers/{tested.id}/test", {})
        assert result["success"] and result["model_ids"] == ["fake-model"], result
        app = App(browser_factory(lang=lang, width=1280, height=800), server)
        app.open("#/models")
        app.wait_lang(lang[:2])
        app.new_model_form("hosted")
        app.select("field-provider_id", tested.id)
        field = app.visible("field-api_name")
        app.until(lambda: field.get_attribute("list") == "model-api_name-suggestions", "the API name has no suggestions")
        values = app.js("return [...document.getElementById('model-api_name-suggestions').options].map((o) => o.value);")
        assert values == ["fake-model"], values
        assert SUGGESTED_HINT[lang] in app.text("hint-api_name").replace("\u202f", " ").replace("\u00a0", " ")
        app.select("field-provider_id", untested.id)
        app.until(lambda: field.get_attribute("list") is None, "a connection never tested suggests names")
        app.click("modal-cancel")
        app.gone("model-modal")
    finally:
        tested.delete()
        untested.delete()
