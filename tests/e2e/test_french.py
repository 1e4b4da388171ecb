"""Issue 16 (points 2, 4, 6) at 390 and 1280 px: a browser in another language than English
(es-ES, fr-CA) gets French, and no visible text of the Ollama, Jobs and Models pages is a string
of the English tables (nor Ollama's English: "… ago", "pull model manifest"); an Eject refreshes
the running list by itself; a server that stops makes the page offline at once, without a save."""

import re

import pytest
from selenium.webdriver.support.ui import Select

from conftest import App
from test_ollama import connect, disconnect, model_row, open_server, row, wait_no_row, wait_row

VIEWPORTS = {"390": (390, 844), "1280": (1280, 800)}

# The English tables, and the French ones to drop what both say the same (names, codes).
TABLES_JS = """
const done = arguments[arguments.length - 1];
const paths = ['shared/locales/{l}.js', 'shared/locales/forms.{l}.js', 'models/strings.{l}.js', 'jobs/strings.{l}.js',
  'ollama/strings.{l}.js', 'governance/strings.{l}.js', 'keys/strings.{l}.js'];
const load = (lang) => Promise.all(paths.map((p) => import('/' + p.replace('{l}', lang)).then((m) => m.default)))
  .then((tables) => Object.assign({}, ...tables));
Promise.all([load('en'), load('fr')]).then(([en, fr]) => done({ en, fr }), (error) => done({ error: String(error) }));
"""

# Every visible text node of main, the header and the open dialogs, with its nearest testid.
TEXTS_JS = """
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
  const parent = node.parentElement;
  if (!text || !parent || parent.closest('script, style, option, [hidden]')) continue;
  if (!parent.checkVisibility || !parent.checkVisibility()) continue;
  if (parent.closest('.mono')) continue; // names, URLs, digests
  if (parent.closest('[lang]').lang === 'en') continue; // the library's own prose, marked as English
  const owner = parent.closest('[data-testid]');
  out.push([text, owner ? owner.dataset.testid : '']);
}
return out;
"""

OLLAMA_ENGLISH = [re.compile(p) for p in (r"\bago\b", r"pull model manifest", r"\bThe Ollama server\b", r"\d[KMB]\b")]


def english_patterns(app: App) -> list[tuple[str, re.Pattern]]:
    tables = app.driver.execute_async_script(TABLES_JS)
    assert "error" not in tables, tables.get("error")
    patterns = []
    for key, text in tables["en"].items():
        if tables["fr"].get(key) == text:
            continue
        words = re.sub(r"\{\w+\}", "", text)
        if len(re.findall(r"[A-Za-z]", words)) < 3:
            continue
        parts = re.split(r"(\{\w+\})", text)
        regex = "".join(".+?" if re.fullmatch(r"\{\w+\}", part) else re.escape(part) for part in parts)
        patterns.append((key, re.compile(rf"^{regex}$")))
    return patterns


# Elements that show data (a model's name, such as the builtin "Open Mistral 7B"), which a
# table's "Open {name}" would otherwise match.
DATA_OWNERS = {"model-name"}


def assert_no_english(app: App, patterns, page: str, ollama_words: bool = False) -> None:
    found = []
    for text, owner in app.js(TEXTS_JS):
        if owner in DATA_OWNERS:
            continue
        for key, pattern in patterns:
            if pattern.match(text):
                found.append((text, key, owner))
                break
        else:
            if ollama_words and any(p.search(text) for p in OLLAMA_ENGLISH):
                found.append((text, "Ollama's English", owner))
    assert not found, f"English on the French {page} page: {found}"


def french_app(browser_factory, server, viewport: str, lang: str) -> App:
    width, height = VIEWPORTS[viewport]
    return App(browser_factory(lang=lang, width=width, height=height), server)


@pytest.mark.parametrize("viewport,lang", [("390", "fr-CA"), ("1280", "es-ES")])
def test_french_pages_have_no_english(server, browser_factory, ollama, viewport, lang):
    ollama.load("qwen2.5:0.5b")
    provider_id = connect(server, ollama.url)
    app = french_app(browser_factory, server, viewport, lang)
    try:
        open_server(app, provider_id)
        app.wait_lang("fr")
        app.set_marker()
        patterns = english_patterns(app)
        wait_row(app, "ollama-running-row", "qwen2.5:0.5b")
        app.until(lambda: app.shown("ollama-model-loaded", model_row(app, "qwen2.5:0.5b")), "the loaded model is not marked")

        # A pull Ollama refuses: its reason in French, and Retry.
        app.fill("ollama-pull-input", "nothere:1")
        app.click("ollama-pull-submit")
        failed = app.until(lambda: (item := row(app, "ollama-pull-item", "nothere:1")) and item.get_attribute("data-state") == "failed" and item,
                           "the pull of an unknown model did not fail", timeout=20)
        assert "manifeste" in app.text("ollama-pull-error-message", failed)
        first = failed.get_attribute("data-id")
        app.click("ollama-pull-retry", root=lambda: row(app, "ollama-pull-item", "nothere:1"))
        app.until(lambda: (item := row(app, "ollama-pull-item", "nothere:1")) and item.get_attribute("data-id") != first
                  and item.get_attribute("data-state") == "failed", "Retry did not pull again", timeout=20)
        assert len(ollama.calls("/api/pull")) == 2, "Retry did not reach Ollama"

        # The library: dates, counts, sizes and capabilities in French; installed variants marked.
        app.fill("ollama-library-input", "qwen")
        app.click("ollama-library-submit")
        result = wait_row(app, "ollama-library-result", "qwen2.5")
        assert "outils" in [element.text for element in app.shown("ollama-library-capability", result)]
        assert app.shown("ollama-library-installed", result), "qwen2.5 has an installed tag"
        meta = app.text("ollama-library-meta", result)
        assert "il y a" in meta and "13,9" in meta, meta
        app.click("ollama-library-variants", root=lambda: row(app, "ollama-library-result", "qwen2.5"))
        variant = wait_row(app, "ollama-variant", "qwen2.5:0.5b")
        assert app.shown("ollama-variant-installed", variant)
        assert not app.shown("ollama-variant-installed", wait_row(app, "ollama-variant", "qwen2.5:1.5b"))
        assert "32 k" in row(app, "ollama-variant", "qwen2.5:1.5b").text.replace("\u202f", " ").replace("\xa0", " ")
        assert_no_english(app, patterns, "Ollama", ollama_words=True)

        app.click("nav-jobs")
        app.visible("jobs-page")
        app.until(lambda: app.shown("job-row"), "no job listed")
        # The failed pulls say why in French there too, never Ollama's English.
        app.until(lambda: any("manifeste" in e.text for e in app.shown("job-error")), "no French reason on the failed pulls")
        assert_no_english(app, patterns, "Jobs", ollama_words=True)

        app.click("nav-models")
        app.visible("models-page")
        app.until(lambda: app.shown("model-row") or app.shown("models-empty"), "the models did not show")
        assert_no_english(app, patterns, "Models")
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


@pytest.mark.parametrize("viewport", ["390", "1280"])
def test_eject_refreshes_the_running_list_by_itself(server, browser_factory, ollama, viewport):
    ollama.load("llama3.2:latest")
    provider_id = connect(server, ollama.url)
    app = french_app(browser_factory, server, viewport, "fr-FR")
    try:
        open_server(app, provider_id)
        app.set_marker()
        wait_row(app, "ollama-running-row", "llama3.2:latest")
        # Busy: Ollama answers the eject but keeps the model; it lets it go a moment later.
        ollama.ignore_unloads(1)
        app.click("ollama-eject", root=lambda: row(app, "ollama-running-row", "llama3.2:latest"))
        app.until(lambda: app.shown("ollama-eject-pending", row(app, "ollama-running-row", "llama3.2:latest")),
                  "no note while the model is still loaded")
        ollama.api("POST", "/api/generate", {"model": "llama3.2:latest", "keep_alive": 0})
        # No Refresh pressed: the page asks again until the model is gone.
        wait_no_row(app, "ollama-running-row", "llama3.2:latest", timeout=8)
        app.visible("ollama-running-empty")
        app.until(lambda: not app.shown("ollama-model-loaded", model_row(app, "llama3.2:latest")), "still marked loaded")
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


@pytest.mark.parametrize("viewport", ["390", "1280"])
def test_a_stopped_server_is_offline_at_once(own_server, browser_factory, ollama, viewport):
    server = own_server
    provider_id = connect(server, ollama.url)
    app = french_app(browser_factory, server, viewport, "fr-FR")
    open_server(app, provider_id)
    wait_row(app, "ollama-model-row", "qwen2.5:0.5b")
    app.set_marker()
    assert not app.is_shown("offline-banner")
    submit = app.visible("ollama-pull-submit")
    assert submit.get_attribute("disabled") is None

    server.stop()
    # Nothing is clicked or saved: the dropped event stream and /health tell.
    app.visible("offline-banner", timeout=12)
    app.visible("ollama-offline")
    app.until(lambda: app.visible("ollama-pull-submit").get_attribute("disabled") is not None, "Pull stays enabled offline")
    assert (app.visible("ollama-pull-submit").get_attribute("title") or "").strip(), "no reason in the title"
    assert not app.is_shown("ollama-server-error"), "offline is not a down Ollama server"
    app.assert_no_reload()


def test_a_spanish_browser_gets_french_and_keeps_the_language_chosen(server, browser_factory):
    app = french_app(browser_factory, server, "1280", "es-ES")
    app.open("#/models")
    app.wait_lang("fr")
    Select(app.visible("lang-select")).select_by_value("en")
    app.wait_lang("en")
    app.load("#/models")
    app.until(app.in_shell, "no shell after the reload")
    app.wait_lang("en")
    assert app.visible("lang-select").get_attribute("value") == "en"
