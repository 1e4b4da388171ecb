"""The Ollama page against `hangar-fakes ollama` (an Ollama server, its registry and the library):
a pull with live progress that survives a reload and ends installed; delete with confirmation;
copy; eject, soft then forced; update checks against the registry; library search, variants
and the library down; one server down while another works; phones (cards, action sheet,
details) and French dates."""

import time
from datetime import date

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import percent
from conftest import set_viewport, tid, unique
from fakes import ClosedPort

MB = 1000 * 1000


def connect(server, url: str, label: str = "E2E Ollama") -> str:
    """A connection of kind ollama at url; its id."""
    created = server.ok("POST", "/api/providers", {"kind": "ollama", "name": f"{label} {unique()}", "base_url": url})
    return created["id"]


def disconnect(server, provider_id: str) -> None:
    server.api("DELETE", f"/api/providers/{provider_id}?cascade=true")


def open_server(app, provider_id: str) -> None:
    app.open(f"#/ollama/{provider_id}")
    shown = lambda: [element.get_attribute("data-id") for element in app.shown("ollama-server")]
    try:
        app.until(lambda: shown() == [provider_id], "the server's page did not show")
    except TimeoutException:
        page = app.js("return (document.querySelector('main') || document.body).innerText.slice(0, 400);")
        raise AssertionError(f"the page of {provider_id} did not show (shown: {shown()}, url: {app.driver.current_url}, page: {page!r})")


def row(app, testid: str, name: str):
    """The displayed row (or card) of testid whose data-name is name, or None."""
    for element in app.driver.find_elements(By.CSS_SELECTOR, f'{tid(testid)}[data-name="{name}"]'):
        try:
            if element.is_displayed():
                return element
        except Exception:
            pass
    return None


def model_row(app, name: str):
    return row(app, "ollama-model-row", name)


def wait_row(app, testid: str, name: str, timeout: float = 10):
    return app.until(lambda: row(app, testid, name), f"no {testid} for {name}", timeout)


def wait_no_row(app, testid: str, name: str, timeout: float = 10) -> None:
    app.until(lambda: row(app, testid, name) is None, f"{testid} {name} is still shown", timeout)


def pull_item(app, name: str):
    return row(app, "ollama-pull-item", name)


def wait_percent_above(app, name: str, floor: int, timeout: float = 15) -> int:
    seen = {}

    def check():
        value = percent(app, pull_item(app, name))
        seen["last"] = value
        return value is not None and value > floor and value
    return app.until(check, f"the pull of {name} never went above {floor} % (last: {seen.get('last')})", timeout)


def badge(app, name: str) -> str | None:
    found = model_row(app, name)
    if found is None:
        return None
    badges = app.shown("ollama-update-badge", found)
    return badges[0].get_attribute("data-status") if badges else None


def test_pull_live_progress_survives_reload_and_ends_installed(desktop, ollama):
    app, server, driver = desktop, desktop.server, desktop.driver
    ollama.pace_pulls(100 * MB)  # qwen2.5:1.5b is about 986 MB: about 10 s
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        wait_row(app, "ollama-model-row", "qwen2.5:0.5b")
        assert model_row(app, "qwen2.5:1.5b") is None

        # A name Ollama would refuse is caught before anything is sent.
        app.fill("ollama-pull-input", "qwen 2.5")
        app.click("ollama-pull-submit")
        assert "must look like llama3.2:1b" in app.text("ollama-pull-error"), "the rule GET /api/meta publishes"
        assert not ollama.calls("/api/pull")

        app.fill("ollama-pull-input", "qwen2.5:1.5b")
        app.click("ollama-pull-submit")
        first = wait_percent_above(app, "qwen2.5:1.5b", 0)
        second = wait_percent_above(app, "qwen2.5:1.5b", first)
        assert second > first
        item = pull_item(app, "qwen2.5:1.5b")
        assert app.text("ollama-pull-status", item).startswith("Pulling layer "), app.text("ollama-pull-status", item)
        assert " of " in app.text("download-bytes", item), app.text("download-bytes", item)
        assert app.value("ollama-pull-input") == "", "the box is ready for the next name"

        # A reload with the event stream blocked: the bar is back from GET /api/jobs.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/events*"]})
        try:
            app.load(f"#/ollama/{provider_id}")
            loaded = time.monotonic()
            value = app.until(lambda: percent(app, pull_item(app, "qwen2.5:1.5b")), "no pull progress after the reload", timeout=5)
            assert value > 0
            assert time.monotonic() - loaded < 3
        finally:
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})

        # With events again: the bar keeps rising, then the model is installed.
        app.load(f"#/ollama/{provider_id}")
        app.set_marker()
        resumed = app.until(lambda: percent(app, pull_item(app, "qwen2.5:1.5b")), "no progress with events", timeout=10)
        wait_percent_above(app, "qwen2.5:1.5b", resumed)
        wait_row(app, "ollama-model-row", "qwen2.5:1.5b", timeout=30)
        wait_no_row(app, "ollama-pull-item", "qwen2.5:1.5b")
        assert "qwen2.5:1.5b" in ollama.names()
        listed = server.ok("GET", f"/api/providers/{provider_id}/ollama/models")
        assert "qwen2.5:1.5b" in [model["name"] for model in listed["models"]]
        assert app.text("ollama-model-size", model_row(app, "qwen2.5:1.5b")).endswith("MB")
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


def test_pull_of_an_unknown_model_fails_with_ollamas_words(desktop, ollama):
    app, server = desktop, desktop.server
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        app.fill("ollama-pull-input", "no-such-model:7b")
        app.click("ollama-pull-submit")
        item = app.until(lambda: (lambda found: found if found is not None and found.get_attribute("data-state") == "failed" else None)(
            pull_item(app, "no-such-model:7b")), "the pull did not fail", timeout=15)
        assert "file does not exist" in app.text("ollama-pull-error-message", item)
        app.click("ollama-pull-dismiss", root=lambda: pull_item(app, "no-such-model:7b"))
        wait_no_row(app, "ollama-pull-item", "no-such-model:7b")
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


def test_delete_with_confirmation_and_copy(desktop, ollama):
    app, server = desktop, desktop.server
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        wait_row(app, "ollama-model-row", "llama3.2:latest")
        assert app.visible("ollama-model-list").get_attribute("data-layout") == "table"

        # Cancel first: nothing happens.
        app.click("ollama-action-delete", root=lambda: model_row(app, "llama3.2:latest"))
        dialog = app.visible("confirm-dialog")
        assert "llama3.2:latest" in dialog.text
        app.click("confirm-cancel")
        app.gone("confirm-dialog")
        assert model_row(app, "llama3.2:latest") is not None
        assert "llama3.2:latest" in ollama.names()
        assert not ollama.calls("/api/delete")

        # Then confirm: gone from the page and from the server.
        app.click("ollama-action-delete", root=lambda: model_row(app, "llama3.2:latest"))
        app.visible("confirm-dialog")
        app.click("confirm-ok")
        app.gone("confirm-dialog")
        wait_no_row(app, "ollama-model-row", "llama3.2:latest")
        assert "llama3.2:latest" not in ollama.names()

        # Copy: the name is checked, then the copy shows in the list.
        app.click("ollama-action-copy", root=lambda: model_row(app, "qwen2.5:0.5b"))
        app.visible("ollama-copy-dialog")
        app.fill("ollama-copy-destination", "qwen2.5:0.5b")
        app.click("ollama-copy-submit")
        assert app.text("ollama-copy-error") == "Choose a name other than the source's."
        app.fill("ollama-copy-destination", "qwen-backup:v1")
        app.click("ollama-copy-submit")
        app.gone("ollama-copy-dialog")
        wait_row(app, "ollama-model-row", "qwen-backup:v1")
        assert "qwen-backup:v1" in ollama.names()
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


def test_eject_soft_then_forced(desktop, ollama):
    app, server = desktop, desktop.server
    ollama.load("qwen2.5:0.5b")
    ollama.load("llama3.2:latest")
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        wait_row(app, "ollama-running-row", "qwen2.5:0.5b")
        assert "GPU" in app.text("ollama-running-vram", row(app, "ollama-running-row", "qwen2.5:0.5b"))

        app.click("ollama-eject", root=lambda: row(app, "ollama-running-row", "qwen2.5:0.5b"))
        wait_no_row(app, "ollama-running-row", "qwen2.5:0.5b")
        assert ollama.running_names() == ["llama3.2:latest"]

        # Soft: still loaded, so the row says so and offers Force eject, which unloads it.
        ollama.ignore_unloads(1)  # busy: ignores the next soft unload
        app.click("ollama-eject", root=lambda: row(app, "ollama-running-row", "llama3.2:latest"))
        app.until(lambda: app.shown("ollama-eject-pending", row(app, "ollama-running-row", "llama3.2:latest")),
                  "no note after a soft eject of a busy model")
        app.click("ollama-force-eject", root=lambda: row(app, "ollama-running-row", "llama3.2:latest"))
        wait_no_row(app, "ollama-running-row", "llama3.2:latest")
        app.visible("ollama-running-empty")
        assert ollama.running_names() == []
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


def test_check_updates_then_update(desktop, ollama):
    app, server = desktop, desktop.server
    ollama.copy("qwen2.5:0.5b", "mine:v1")  # not in the registry: undecidable
    ollama.publish_update("qwen2.5:0.5b")
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        wait_row(app, "ollama-model-row", "mine:v1")
        assert badge(app, "qwen2.5:0.5b") == ""
        app.click("ollama-check-updates")
        app.until(lambda: badge(app, "qwen2.5:0.5b") == "update_available", "no Update available badge", timeout=20)
        app.until(lambda: badge(app, "llama3.2:latest") == "up_to_date", "no Up to date badge")
        app.until(lambda: badge(app, "mine:v1") == "unknown", "no Unknown badge")
        assert app.text("ollama-update-badge", model_row(app, "qwen2.5:0.5b")) == "Update available"
        assert app.text("ollama-update-badge", model_row(app, "llama3.2:latest")) == "Up to date"
        unknown = model_row(app, "mine:v1")
        assert app.text("ollama-update-reason", unknown), "no reason for Unknown"
        assert app.visible("ollama-update-badge", unknown).get_attribute("title")
        assert ollama.manifest_requests(), "the registry was not asked"
        assert not ollama.calls("/api/pull"), "a check downloads nothing"
        app.visible("ollama-check-result")

        # Update: a pull of the new version; then the badge says Up to date (issue 16).
        assert not app.shown("ollama-action-update", model_row(app, "llama3.2:latest"))
        app.click("ollama-action-update", root=lambda: model_row(app, "qwen2.5:0.5b"))
        app.until(lambda: ollama.calls("/api/pull"), "no pull after Update")
        app.until(lambda: badge(app, "qwen2.5:0.5b") == "up_to_date", "the badge does not say Up to date", timeout=20)
        assert not app.shown("ollama-action-update", model_row(app, "qwen2.5:0.5b"))
        assert ollama.digest("qwen2.5:0.5b") == ollama.registry_digest("qwen2.5:0.5b")
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


def test_library_search_variants_and_library_down(desktop, ollama):
    app, server = desktop, desktop.server
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        app.fill("ollama-library-input", "qwen")
        app.click("ollama-library-submit")
        result = wait_row(app, "ollama-library-result", "qwen2.5")
        assert "tools" in [element.text for element in app.shown("ollama-library-capability", result)]
        assert "0.5b" in [element.text for element in app.shown("ollama-library-size", result)]
        assert "13.9M" in app.text("ollama-library-meta", result)
        assert row(app, "ollama-library-result", "llama3.2") is None

        app.click("ollama-library-variants", root=lambda: row(app, "ollama-library-result", "qwen2.5"))
        variant = wait_row(app, "ollama-variant", "qwen2.5:1.5b")
        assert "32K" in variant.text
        app.click("ollama-variant-pull", root=lambda: row(app, "ollama-variant", "qwen2.5:1.5b"))
        wait_row(app, "ollama-model-row", "qwen2.5:1.5b", timeout=20)

        # The library goes down: the search area says so; the rest of the page works.
        ollama.library_down()
        app.fill("ollama-library-input", "llama")
        app.click("ollama-library-submit")
        app.visible("ollama-library-unavailable")
        assert not app.is_shown("ollama-server-error")
        app.fill("ollama-pull-input", "smollm2:135m")
        app.click("ollama-pull-submit")
        wait_row(app, "ollama-model-row", "smollm2:135m", timeout=20)
        app.assert_no_reload()
    finally:
        disconnect(server, provider_id)


def test_one_server_down_while_the_other_works(desktop, ollama):
    app, server = desktop, desktop.server
    closed = ClosedPort()
    working = connect(server, ollama.url, "E2E Ollama up")
    down = connect(server, closed.url, "E2E Ollama down")
    try:
        open_server(app, down)
        error = app.visible("ollama-server-error", timeout=15)
        assert error.get_attribute("data-code") == "upstream_unreachable"
        assert "(connection refused)" in app.text("ollama-server-error-message")
        app.click("ollama-retry")
        app.visible("ollama-server-error")
        # Shown once; Pull and Check for updates wait for the server, and say why (issue 16).
        assert len(app.shown("ollama-server-error")) == 1 and not app.shown("ollama-section-error")
        for name in ("ollama-pull-submit", "ollama-check-updates"):
            app.until(lambda: app.visible(name).get_attribute("disabled") is not None, f"{name} is enabled on a down server")
            assert (app.visible(name).get_attribute("title") or "").strip(), f"{name} gives no reason"
        app.visible("ollama-pull-down")
        # The library does not need the server.
        app.fill("ollama-library-input", "smollm")
        app.click("ollama-library-submit")
        wait_row(app, "ollama-library-result", "smollm2")

        # The switcher leads to the other server, which works.
        links = app.shown("ollama-server-link")
        assert {working, down} <= {link.get_attribute("data-id") for link in links}
        app.click(next(link for link in links if link.get_attribute("data-id") == working))
        app.until(lambda: app.visible("ollama-server").get_attribute("data-id") == working, "the switcher did not switch")
        wait_row(app, "ollama-model-row", "qwen2.5:0.5b")
        assert not app.is_shown("ollama-server-error")

        # The rest of the app is unaffected, and #/ollama lets one choose among the servers.
        app.click("nav-models")
        app.visible("models-page")
        app.click("nav-ollama")
        # Found again on each poll: the cards re-render as each server's state comes in.
        app.until(lambda: {working, down} <= {card.get_attribute("data-id") for card in app.shown("ollama-server-card")},
                  "the server chooser on #/ollama does not list both servers")
        app.assert_no_reload()
    finally:
        disconnect(server, working)
        disconnect(server, down)
        closed.close()


def test_phone_cards_sheet_details_and_french_dates(phone, ollama):
    app, server = phone, phone.server
    provider_id = connect(server, ollama.url)
    try:
        open_server(app, provider_id)
        wait_row(app, "ollama-model-row", "qwen2.5:0.5b")
        assert app.visible("ollama-model-list").get_attribute("data-layout") == "cards"
        assert model_row(app, "qwen2.5:0.5b").tag_name.lower() == "article"
        app.no_horizontal_scroll()

        app.click("ollama-model-actions", root=lambda: model_row(app, "qwen2.5:0.5b"))
        sheet = app.visible("action-sheet")
        app.click("ollama-action-details", root=sheet)
        details = app.visible("ollama-details")
        app.until(lambda: details.get_attribute("data-status") == "ready", "the details did not load")
        assert "tools" in [element.text for element in app.shown("ollama-details-capability", details)]
        assert "32,768" in app.text("ollama-details-context", details)
        assert app.all("ollama-details-template", details), "no template"
        app.click("ollama-details-close")
        app.gone("ollama-details")

        Select(app.visible("lang-select")).select_by_value("fr")
        app.wait_lang("fr")
        today = date.today().strftime("%d/%m/%Y")
        app.until(lambda: app.text("ollama-model-modified", model_row(app, "qwen2.5:0.5b")) == today,
                  f"the modified date is not {today} in French")
        assert app.text("ollama-pull-submit") == "Télécharger"
        app.no_horizontal_scroll()
        Select(app.visible("lang-select")).select_by_value("en")
        app.wait_lang("en")
        app.assert_no_reload()
    finally:
        set_viewport(app.driver, 390, 844)
        disconnect(server, provider_id)
