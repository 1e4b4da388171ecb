"""Touch and layout: at 390 px every touch target of the header, the nav and the pages (card
actions included) is at least 44 × 44 px; at 1280 px the create and edit forms fill the
screen. English and French."""

import pytest

from conftest import App

MIN = 44

# Buttons, links styled as buttons, nav tabs, selects and inputs shown in the header, the
# page and the overlays; inline links in text are not touch targets of their own.
SMALL_TARGETS = """
const min = arguments[0];
const out = [];
const targets = document.querySelectorAll(
  'header a, header button, header select, nav a, main button, main a.btn, main select, main input:not([type=checkbox]):not([type=radio]), #overlays button');
for (const el of targets) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || el.closest('[hidden]')) continue;
  if (r.width < min - 0.5 || r.height < min - 0.5) out.push(`${el.dataset.testid || el.className} ${Math.round(r.width)}×${Math.round(r.height)}`);
}
return out;
"""

PAGES = [("#/", "dashboard-page", "first-run"), ("#/models", "models-page", "model-actions"),
         ("#/providers", "providers-page", "provider-test"), ("#/jobs", "jobs-page", "jobs-refresh")]


@pytest.mark.parametrize("lang", ["en-US", "fr-FR"])
def test_touch_targets_at_390(own_server, browser_factory, ollama, lang):
    # two Ollama servers, so that the Ollama page shows its server switcher too
    servers = [own_server.ok("POST", "/api/providers", {"kind": "ollama", "name": f"Touch {n}", "base_url": ollama.url})["id"] for n in (1, 2)]
    app = App(browser_factory(lang=lang, width=390, height=844), own_server)
    app.open("#/")
    app.wait_lang(lang[:2])
    for route, page, ready in PAGES + [(f"#/ollama/{servers[0]}", "ollama-page", "ollama-model-row")]:
        app.js("location.hash = arguments[0];", route)
        app.visible(page)
        app.visible(ready, timeout=15)
        small = app.js(SMALL_TARGETS, MIN)
        assert not small, f"touch targets under {MIN} px on {route}: {small}"
    # the action sheet of a card
    app.go("models-page")
    app.click("model-actions", root=lambda: app.row("local-qwen3-0.6b-q4_0"))
    app.visible("action-sheet")
    small = app.js(SMALL_TARGETS, MIN)
    assert not small, f"touch targets under {MIN} px in the action sheet: {small}"
    app.no_horizontal_scroll()
    app.assert_no_reload()


def fills_viewport(app, testid: str) -> bool:
    box = app.js("const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                 f'[data-testid="{testid}"] .modal-panel')
    inner = app.js("return [window.innerWidth, window.innerHeight];")
    return box[0] <= 0.5 and box[1] <= 0.5 and box[2] >= inner[0] - 0.5 and box[3] >= inner[1] - 0.5


@pytest.mark.parametrize("lang", ["en-US", "fr-FR"])
def test_create_and_edit_forms_fill_the_screen_at_1280(server, browser_factory, lang):
    app = App(browser_factory(lang=lang, width=1280, height=800), server)
    app.open("#/models")
    app.wait_lang(lang[:2])
    app.click("model-new")
    app.visible("model-modal")
    app.until(lambda: fills_viewport(app, "model-modal"), "the create form does not fill the 1280 px screen")
    app.click("modal-close")
    app.gone("model-modal")
    app.click("action-edit", root=lambda: app.row("local-qwen3-0.6b-q4_0"))
    app.visible("model-modal")
    app.until(lambda: fills_viewport(app, "model-modal"), "the edit form does not fill the 1280 px screen")
    app.click("modal-close")
    app.gone("model-modal")
    app.go("providers-page")
    app.click("provider-new")
    app.visible("provider-modal")
    app.until(lambda: fills_viewport(app, "provider-modal"), "the connection form does not fill the 1280 px screen")
    app.click("modal-close")
    app.gone("provider-modal")
    app.assert_no_reload()
