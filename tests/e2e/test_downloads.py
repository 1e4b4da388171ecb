"""Local-model downloads against the fake Hugging Face Hub (`hangar-fakes hub`): create with
"Download now", live progress in the modal, cancel, resume with a Range request, the finished
file; a reload mid-download shows the progress from the fetched jobs at once; the Jobs page;
deleting a local model with its file; a canceled download says the bytes it keeps."""

import re
import time

import pytest
from browser import percent
from conftest import App, set_viewport, unique

RATE = 512 * 1024  # the 4 MiB file takes about 8 s


def modal(app):
    return app.visible("model-modal")


def wait_percent_above(app, root_of, floor: int, timeout: float = 15) -> int:
    found = {}

    def check():
        value = percent(app, root_of())
        found["last"] = value
        return value is not None and value > floor and value
    return app.until(check, f"the progress never went above {floor} % (last: {found.get('last')})", timeout)


def row_now(app, model_id: str):
    """The displayed row of a model, or None (no waiting)."""
    return next((e for e in app.driver.find_elements("css selector", app.row_locator(model_id)) if e.is_displayed()), None)


def job_row(app, target_name: str):
    """The newest displayed job row whose target is target_name, or None."""
    for row in app.shown("job-row"):
        if any(e.text.strip() == target_name for e in app.shown("job-target", row)):
            return row
    return None


def job_state(app, target_name: str) -> str | None:
    row = job_row(app, target_name)
    return row.get_attribute("data-state") if row is not None else None


def range_start(request: dict) -> int:
    """N of a request's `Range: bytes=N-…`, 0 without one."""
    value = request["headers"].get("range", "")
    return int(value[6:].split("-", 1)[0]) if value.startswith("bytes=") else 0


def local_names(suffix: str) -> dict:
    return {
        "name": f"E2E Download {suffix}",
        "api_name": f"e2e-download-{suffix}",
        "hf_repo": f"e2e-owner/Download-{suffix}-GGUF",
        "model_file": f"download-{suffix}-Q4_0.gguf",
    }


def test_download_now_progress_cancel_resume_in_modal(desktop, hub):
    app, server = desktop, desktop.server
    suffix = unique()
    names = local_names(suffix)
    token = f"hf_e2e_{suffix}"
    served = hub.add_gguf(names["hf_repo"], names["model_file"], rate=RATE)
    app.open("#/models")

    app.new_model_form("local")
    for field in ("name", "api_name", "hf_repo", "model_file"):
        app.fill(f"field-{field}", names[field])
    assert app.value("field-hf_revision") == "main"
    assert app.visible("field-hf_token").get_attribute("type") == "password"
    app.fill("field-hf_token", token)
    app.click("download-now")
    assert app.visible("download-now").is_selected()
    app.click("modal-save")

    # The modal stays open, now editing the new model, with the live progress.
    app.until(lambda: app.shown("model-download", modal(app)), "the modal did not switch to the download view")
    assert not app.is_shown("type-local"), "still the create form"
    created = server.find_model("local", names["api_name"])
    assert created is not None, "the model was not created"
    model_id = created["id"]
    try:
        assert created["hf_token_configured"] is True, created
        assert "hf_token" not in created, "the API returned the token"
        assert app.text("key-status", modal(app)) == "•••••", "the stored token shows as dots"
        first = wait_percent_above(app, lambda: modal(app), 0)
        second = wait_percent_above(app, lambda: modal(app), first)
        assert second > first
        assert app.text("download-status", modal(app)) == "Downloading"
        assert " of 4.2 MB" in app.text("download-bytes", modal(app)), app.text("download-bytes", modal(app))
        app.until(lambda: app.text("download-speed", modal(app)).endswith("/s"), "no download speed shown")
        app.wait_row_text(model_id, "model-download-status", "Downloading")

        # Cancel: the modal and the list say Canceled; the bytes are kept, so it offers Resume.
        app.click("download-cancel", root=modal(app))
        app.until(lambda: app.text("download-status", modal(app)) == "Canceled", "the modal never said Canceled")
        app.until(lambda: app.text("download-start", modal(app)) == "Resume download", "no Resume button after the cancel")
        assert not app.shown("download-cancel", modal(app))
        app.wait_row_text(model_id, "model-download-status", "Canceled")
        assert server.get_model(model_id)[1]["download_status"] == "canceled"
        kept = percent(app, modal(app))
        assert kept is not None and 0 < kept < 100, kept

        # Resume: the server asks the Hub for the rest only (Range: bytes=N- with N > 0).
        before = len(hub.requests())
        app.click("download-start", root=modal(app))
        app.until(lambda: app.text("download-status", modal(app)) == "Downloaded", "the download never finished", timeout=40)
        # The file's own requests only: the hub is reset for each test.
        after = hub.requests()[before:]
        ranged = [r for r in after if r["method"] == "GET" and range_start(r) > 0]
        assert ranged, f"no ranged GET after the resume: {[(r['method'], r['path'], r['headers'].get('range')) for r in after]}"
        assert all(r["headers"]["range"].startswith("bytes=") and r["headers"]["range"].endswith("-") for r in ranged), ranged
        resolves = [r for r in hub.requests_for(names["model_file"]) if "/resolve/" in r["path"]]
        assert resolves and all(r["headers"].get("authorization") == f"Bearer {token}" for r in resolves), \
            f"the Hub did not get the model's token: {[r['headers'].get('authorization') for r in resolves]}"
        assert app.text("download-downloaded", modal(app)).endswith("Yes")
        assert not app.shown("download-start", modal(app)) and not app.shown("download-cancel", modal(app))
        app.visible("download-file", modal(app))

        app.click("modal-cancel")
        app.gone("model-modal")
        app.wait_row_text(model_id, "model-downloaded", "Yes")
        app.wait_row_text(model_id, "model-download-status", "Downloaded")
        stored = server.get_model(model_id)[1]
        assert stored["downloaded"] is True and stored["download_status"] == "downloaded", stored
        assert stored["checksum"] in (served.sha256, f"sha256:{served.sha256}"), (stored["checksum"], served.sha256)
        assert stored["file_size_bytes"] == served.size, stored
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model_id}?delete_local_file=true")


def test_reload_mid_download_jobs_page_and_delete_with_file(desktop, hub):
    app, server = desktop, desktop.server
    names = local_names(unique())
    hub.add_gguf(names["hf_repo"], names["model_file"], rate=RATE // 2)  # slower: this test cancels it anyway
    created = server.create_model(provider_id="local", download_now=True, **names)
    model_id = created["id"]
    driver = app.driver
    try:
        app.open("#/models")
        wait_percent_above(app, lambda: app.row(model_id), 0)

        # Reload with the event stream blocked: the progress can only come from GET /api/jobs.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/events*"]})
        try:
            app.load("#/models")
            loaded = time.monotonic()
            value = app.until(lambda: percent(app, row_now(app, model_id)), "no progress after the reload", timeout=5)
            elapsed = time.monotonic() - loaded
            assert elapsed < 1.0, f"the progress came back after {elapsed:.2f} s"
            assert value > 0
            assert app.row_text(model_id, "model-download-status") == "Downloading"
        finally:
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        app.set_marker()

        # Editing a model that is downloading shows the progress in the modal too.
        app.row_action(model_id, "action-edit")
        app.until(lambda: percent(app, modal(app)) is not None, "no progress in the edit modal")
        assert app.is_shown("download-cancel", modal(app))
        app.click("modal-cancel")
        app.gone("model-modal")

        # The Jobs page lists the job, newest first, by model name, running, with its progress.
        app.click("nav-jobs")
        app.visible("jobs-page")
        row = app.until(lambda: job_row(app, names["name"]), "the Jobs page does not list the job by its model's name")
        assert app.text("job-kind", row) == "Download"
        assert app.shown("job-row")[0].get_attribute("data-id") == row.get_attribute("data-id"), "the newest job is not first"
        app.until(lambda: job_state(app, names["name"]) == "running", "the job is not running")
        app.until(lambda: percent(app, job_row(app, names["name"])) is not None, "no progress on the job row")
        app.click("job-cancel", root=lambda: job_row(app, names["name"]))
        app.until(lambda: job_state(app, names["name"]) == "canceled", "the job did not become canceled")
        row = app.until(lambda: job_row(app, names["name"]), "the job row is gone")
        assert app.text("job-state", row) == "Canceled"
        assert app.text("job-finished", row) != "–"

        # Phone width: cards, no horizontal scroll.
        set_viewport(driver, 390, 844)
        try:
            app.until(lambda: app.visible("job-list").get_attribute("data-layout") == "cards", "the job list is not cards at 390 px")
            assert app.until(lambda: job_row(app, names["name"]), "no job card").tag_name.lower() == "article"
            app.no_horizontal_scroll()
        finally:
            set_viewport(driver, 1280, 800)

        # Back on the models page: Canceled; delete it with its file.
        app.click("nav-models")
        app.visible("models-page")
        app.wait_row_text(model_id, "model-download-status", "Canceled")
        partial = [p for p in (server.data_dir / "models").rglob("*") if names["model_file"] in p.name]
        assert partial, "the canceled download left no partial file to delete"
        app.row_action(model_id, "action-delete")
        app.visible("confirm-dialog")
        app.click("model-delete-file")
        assert app.visible("model-delete-file").is_selected()
        app.click("confirm-ok")
        app.gone("confirm-dialog")
        app.row_gone(model_id)
        assert server.get_model(model_id)[0] == 404
        left = [p for p in (server.data_dir / "models").rglob("*") if names["model_file"] in p.name]
        assert not left, f"the file (or its .part) is still there: {left}"
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model_id}?delete_local_file=true")


def test_gated_repository_fails_then_retry_with_a_token(desktop, hub):
    """A gated repository without a token: Failed with the reason and Retry; the token set
    through the edit form (write-only), Retry downloads it; Clear removes the token."""
    app, server = desktop, desktop.server
    names = local_names(unique())
    token = f"hf_gated_{unique()}"
    hub.gate(names["hf_repo"], token)
    hub.add_gguf(names["hf_repo"], names["model_file"])
    created = server.create_model(provider_id="local", download_now=True, **names)
    model_id = created["id"]
    try:
        app.open("#/models")
        app.wait_row_text(model_id, "model-download-status", "Failed")
        assert app.row_text(model_id, "download-error"), "no reason shown for the failed download"
        assert app.row_text(model_id, "download-start") == "Retry download"

        app.row_action(model_id, "action-edit")
        app.until(lambda: app.text("download-status", modal(app)) == "Failed", "the modal does not say Failed")
        assert app.text("download-error", modal(app))
        assert not app.shown("key-status", modal(app)), "no token is stored yet"
        app.fill("field-hf_token", token)
        app.click("modal-save")
        app.gone("model-modal")
        stored = server.get_model(model_id)[1]
        assert stored["hf_token_configured"] is True and "hf_token" not in stored, stored

        app.row_action(model_id, "download-start")
        app.wait_row_text(model_id, "model-download-status", "Downloaded")
        app.wait_row_text(model_id, "model-downloaded", "Yes")
        resolves = [r for r in hub.requests_for(names["model_file"]) if "/resolve/" in r["path"]]
        assert resolves[-1]["headers"].get("authorization") == f"Bearer {token}", [r["headers"].get("authorization") for r in resolves]

        app.row_action(model_id, "action-edit")
        app.visible("model-modal")
        assert app.text("key-status", modal(app)) == "•••••"
        app.click("key-clear", root=modal(app))
        app.click("modal-save")
        app.gone("model-modal")
        assert server.get_model(model_id)[1]["hf_token_configured"] is False
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model_id}?delete_local_file=true")


KEPT = {"en": ("Canceled", "{n} {unit} kept", ("kB", "MB")), "fr": ("Annulé", "{n} {unit} conservés", ("ko", "Mo"))}


def kept_text(size: int, lang: str) -> str:
    """What formatBytes says of a partial file's size (decimal units, one fraction digit under 100)."""
    _, template, units = KEPT[lang]
    value, unit = (size / 1e6, units[1]) if size >= 999_950 else (size / 1e3, units[0])
    number = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return template.format(n=number.replace(".", "," if lang == "fr" else "."), unit=unit)


@pytest.mark.parametrize("lang,width,height", [("en-US", 1280, 800), ("fr-FR", 390, 844)], ids=["en-1280", "fr-390"])
def test_a_canceled_download_says_the_bytes_it_keeps(server, browser_factory, hub, lang, width, height):
    short = lang[:2]
    names = local_names(unique())
    hub.add_gguf(names["hf_repo"], names["model_file"], rate=RATE)
    model_id = server.create_model(provider_id="local", download_now=True, **names)["id"]
    app = App(browser_factory(lang=lang, width=width, height=height), server)
    status = lambda: server.ok("GET", f"/api/models/{model_id}/download-status")  # noqa: E731
    try:
        # Some bytes arrive, then the download is canceled: its partial file stays for a resume.
        app.until(lambda: (status()["bytes_done"] or 0) > 0, "no bytes downloaded", timeout=15)
        server.ok("POST", f"/api/models/{model_id}/cancel-download")
        app.until(lambda: status()["job_state"] == "canceled", "the download was not canceled")
        done = status()
        expected = kept_text(done["bytes_done"], short)

        # A first load: the canceled job is not among the active jobs fetched, the row asks.
        app.open("#/models")
        app.wait_lang(short)
        app.wait_row_text(model_id, "model-download-status", KEPT[short][0])
        kept = app.row_text(model_id, "download-kept").replace("\u202f", " ").replace("\xa0", " ")
        assert kept == expected, (kept, expected)
        assert re.search(r"\d", kept) and "–" not in kept

        # The Jobs page says it on the canceled job's row.
        app.click("nav-jobs")
        app.visible("jobs-page")
        job_id = done["job_id"]
        locator = f'[data-testid="job-row"][data-id="{job_id}"] [data-testid="job-kept"]'
        shown = lambda: next((e.text.strip() for e in app.driver.find_elements("css selector", locator) if e.is_displayed()), None)  # noqa: E731
        app.until(lambda: (shown() or "").replace("\u202f", " ").replace("\xa0", " ") == expected,
                  f"the job row does not say {expected!r}: {shown()!r}")
        app.assert_no_reload()
    finally:
        server.api("DELETE", f"/api/models/{model_id}?delete_local_file=true")
