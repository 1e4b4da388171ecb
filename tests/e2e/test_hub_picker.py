"""The create form's Hub picker against the fake Hub (`hangar-fakes hub`): search, open a
repository, see its quantizations with their sizes (a split one in parts), choose one → the
repository, revision, file and names fill in, then save with "Download now" and the download
finishes; Escape closes the panel, not the modal. With the Hub unreachable (the server's
`hf_endpoint` on a closed port), the picker says so in French at 390 px and the fields still
take a repository and a file typed by hand."""

from selenium.webdriver.common.keys import Keys

from conftest import App, unique
from fakes import ClosedPort

Q8_PART = 3_000_000  # two parts: "6.0 MB", "2 parts"


def modal(app):
    return app.visible("model-modal")


def choice(app, quantization: str):
    return app.until(lambda: next((c for c in app.shown("hub-choice") if c.get_attribute("data-quantization") == quantization), None),
                     f"no {quantization} choice")


def test_browse_search_choose_a_quantization_then_download(desktop, hub):
    app, server = desktop, desktop.server
    suffix = unique()
    tiny, other = f"e2e-hub/Tiny-{suffix}-GGUF", f"e2e-hub/Other-{suffix}-GGUF"
    hub.add_repo(other, downloads=12)
    hub.add_repo(tiny, downloads=5000)
    served = hub.add_gguf(tiny, "tiny-Q4_K_M.gguf")
    hub.add_file(tiny, "tiny-Q8_0-00001-of-00002.gguf", Q8_PART)
    hub.add_file(tiny, "tiny-Q8_0-00002-of-00002.gguf", Q8_PART)
    hub.add_gguf(other, "other-Q4_0.gguf")
    app.open("#/models")
    app.new_model_form("local")
    browse = app.visible("hub-browse", modal(app))
    assert browse.get_attribute("aria-expanded") == "false"

    # The panel opens with the most downloaded repositories; a search narrows them (Enter).
    app.click("hub-browse")
    app.visible("hub-picker", modal(app))
    app.until(lambda: app.js("return document.activeElement.dataset.testid;") == "hub-search-input", "focus did not go to the search box")
    assert browse.get_attribute("aria-expanded") == "true"
    app.until(lambda: [r.get_attribute("data-repo") for r in app.shown("hub-result")] == [tiny, other],
              "the most downloaded repositories did not show at once")
    # Typing searches by itself once the keys rest; Enter searches at once and saves nothing.
    app.visible("hub-search-input").send_keys(f"Tiny-{suffix}")
    app.until(lambda: [r.get_attribute("data-repo") for r in app.shown("hub-result")] == [tiny], "typing did not search")
    app.fill("hub-search-input", suffix)
    app.visible("hub-search-input").send_keys(Keys.ENTER)
    assert app.is_shown("model-modal"), "Enter in the search box submitted the form"
    assert not server.find_model("local", f"tiny-{suffix}-q4_k_m")
    app.until(lambda: [r.get_attribute("data-repo") for r in app.shown("hub-result")] == [tiny, other],
              "the search did not list both repositories, most downloaded first")
    first = app.shown("hub-result")[0]
    assert "Downloads: 5,000" in first.text, first.text

    # Keyboard: Enter on a repository opens its files; the two quantizations show with sizes.
    first.send_keys(Keys.ENTER)
    app.until(lambda: len(app.shown("hub-choice")) == 2, "the repository's two choices never showed")
    assert app.text("hub-repo") == tiny
    assert app.text("hub-revision") == "Revision: main"
    q4, q8 = choice(app, "Q4_K_M"), choice(app, "Q8_0")
    assert app.text("hub-choice-size", q4) == "4.2 MB"
    assert app.text("hub-choice-size", q8) == "6.0 MB"
    assert app.text("hub-choice-parts", q8) == "2 parts"
    assert not app.shown("hub-choice-parts", q4)
    assert q4.is_enabled() and q8.is_enabled()

    # Choosing fills the fields as typing would; the names were empty, so they are suggested.
    app.click(q4)
    app.gone("hub-picker")
    assert app.value("field-hf_repo") == tiny
    assert app.value("field-hf_revision") == "main"
    assert app.value("field-model_file") == "tiny-Q4_K_M.gguf"
    assert app.value("field-name") == f"Tiny-{suffix} Q4_K_M"
    api_name = f"tiny-{suffix}-q4_k_m"
    assert app.value("field-api_name") == api_name
    assert app.text("hub-filled") == f"Filled in from {tiny}: Q4_K_M."
    assert app.js("return document.activeElement.dataset.testid;") == "hub-browse"
    assert browse.get_attribute("aria-expanded") == "false"

    # Reopened, the panel is still on the repository's choices; Escape closes it, not the modal.
    app.click("hub-browse")
    app.visible("hub-picker")
    assert len(app.shown("hub-choice")) == 2
    app.until(lambda: app.js("return document.activeElement.dataset.testid;") == "hub-repo", "focus did not go to the repository")
    app.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    app.gone("hub-picker")
    assert app.is_shown("model-modal"), "Escape closed the modal"
    assert app.value("field-model_file") == "tiny-Q4_K_M.gguf"

    app.click("download-now")
    app.click("modal-save")
    app.until(lambda: app.shown("model-download", modal(app)), "the modal did not switch to the download view")
    created = server.find_model("local", api_name)
    assert created is not None, "the model was not created"
    try:
        assert (created["hf_repo"], created["hf_revision"], created["model_file"]) == (tiny, "main", "tiny-Q4_K_M.gguf"), created
        app.until(lambda: app.text("download-status", modal(app)) == "Downloaded", "the download never finished", timeout=40)
        stored = server.get_model(created["id"])[1]
        assert stored["file_size_bytes"] == served.size, stored
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{created['id']}?delete_local_file=true")


def test_unreachable_hub_in_french_leaves_the_fields_to_type(own_server, browser_factory):
    server, port = own_server, ClosedPort()
    try:
        server.ok("PUT", "/api/settings", {"hf_endpoint": port.url})
        app = App(browser_factory(lang="fr-FR", width=390, height=844), server)
        app.open("#/models")
        app.wait_lang("fr")
        app.new_model_form("local")
        assert app.text("hub-browse") == "Parcourir le Hub"
        app.click("hub-browse")
        app.visible("hub-picker")
        assert app.text("hub-unavailable") == "Le Hub est injoignable pour le moment. Saisissez le dépôt et le fichier à la main."
        assert not app.shown("hub-result")
        # A search says it again, rather than nothing.
        app.visible("hub-search-input").send_keys("qwen", Keys.ENTER)
        app.visible("hub-unavailable")
        assert app.is_shown("model-modal")
        app.no_horizontal_scroll()

        # By hand: the fields take the repository and the file, with no error.
        app.fill("field-hf_repo", "e2e-hub/Manual-GGUF")
        app.fill("field-model_file", "manual-Q4_0.gguf")
        assert app.value("field-hf_revision") == "main"
        assert not app.shown("error-hf_repo") and not app.shown("error-model_file")
        # The panel stayed open meanwhile; Escape closes it, and only it.
        app.visible("hub-picker")
        app.visible("field-model_file").send_keys(Keys.ESCAPE)
        app.gone("hub-picker")
        assert app.value("field-hf_repo") == "e2e-hub/Manual-GGUF"
        assert app.is_shown("model-modal")
    finally:
        port.close()
