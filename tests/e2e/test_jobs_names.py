"""The Jobs page for people: an Ollama pull shows its model and its server by name (never
`ollama:<uuid>:<name>`), the server linked to its page, and Ollama's status in the admin's
language; a failed pull says why in that language too. English at 1280 px, French at 390 px."""

import re

import pytest
from hangar_server import REPO
from selenium.webdriver.common.by import By

from conftest import App, tid, unique

MB = 1000 * 1000
MODEL = "qwen2.5:1.5b"  # about 986 MB: paced, the pull lasts until it is canceled

STATUS = {"en": re.compile(r"^Pulling layer [0-9a-f]{12}…$"), "fr": re.compile(r"^Téléchargement de la couche [0-9a-f]{12}…$")}
KIND = {"en": "Pull", "fr": "Récupération"}
# Why a pull of an unknown model failed: Ollama's sentence in English, the table's in French.
FAILED = {"en": re.compile(r"^Ollama: pull model manifest: file does not exist$"), "fr": re.compile(r"^Le registre n’a aucun modèle .*manifeste")}


ENTRY = re.compile(r"^\s*'([^']+)':\s*'((?:[^'\\]|\\.)*)',?\s*$")


def table(path) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in map(ENTRY.match, path.read_text().splitlines()) if m}


def english_only() -> set[str]:
    """Whole English strings of the Jobs page's tables (and the shared one) that French words
    differently; none of them may show in the French page."""
    out = set()
    for en, fr in (("web/jobs/strings.en.js", "web/jobs/strings.fr.js"), ("web/shared/locales/en.js", "web/shared/locales/fr.js")):
        english, french = table(REPO / en), table(REPO / fr)
        out |= {value for key, value in english.items() if "{" not in value and french.get(key) not in (None, value)}
    return out


VISIBLE_TEXTS = """
return [...document.querySelectorAll('header *, main *')]
  .filter((e) => e.children.length === 0 && e.getClientRects().length > 0)
  .map((e) => e.textContent.trim()).filter(Boolean);
"""


def job_row(app, job_id: str):
    for element in app.driver.find_elements(By.CSS_SELECTOR, f'{tid("job-row")}[data-id="{job_id}"]'):
        if element.is_displayed():
            return element
    return None


def in_row(app, job_id: str, testid: str) -> str:
    """The text of testid in the job's row, the row found again on each poll."""
    def find():
        row = job_row(app, job_id)
        found = app.shown(testid, row) if row is not None else []
        return found[0].text.strip() if found else None
    return app.until(find, f"no {testid} in the row of job {job_id}")


@pytest.mark.parametrize("lang,width,height", [("en-US", 1280, 800), ("fr-FR", 390, 844)], ids=["en-1280", "fr-390"])
def test_pull_job_by_names_with_links_and_status_words(server, browser_factory, ollama, lang, width, height):
    short = lang[:2]
    ollama.pace_pulls(20 * MB)
    name = f"E2E Jobs Ollama {unique()}"
    provider_id = server.ok("POST", "/api/providers", {"kind": "ollama", "name": name, "base_url": ollama.url})["id"]
    job = None
    try:
        failed = server.ok("POST", f"/api/providers/{provider_id}/ollama/pull", {"model": "nothere:1"})
        job = server.ok("POST", f"/api/providers/{provider_id}/ollama/pull", {"model": MODEL})
        app = App(browser_factory(lang=lang, width=width, height=height), server)
        app.open("#/jobs")
        app.wait_lang(short)
        app.until(lambda: job_row(app, job["id"]), "the pull is not listed")
        assert in_row(app, job["id"], "job-target") == MODEL
        # the connections load with the list: "…" until then, never the id
        app.until(lambda: in_row(app, job["id"], "job-server") == name, f"the server is not named: {in_row(app, job['id'], 'job-server')!r}")
        assert in_row(app, job["id"], "job-kind") == KIND[short]
        app.until(lambda: STATUS[short].match(in_row(app, job["id"], "job-status")),
                  f"the pull's status is not in {short}: {in_row(app, job['id'], 'job-status')!r}", timeout=15)
        app.until(lambda: (row := job_row(app, failed["id"])) and row.get_attribute("data-state") == "failed", "the unknown model's pull did not fail")
        reason = in_row(app, failed["id"], "job-error")
        assert FAILED[short].match(reason), f"the failed pull's reason is not in {short}: {reason!r}"
        text = app.until(lambda: job_row(app, job["id"]).text, "the row has no text")  # rows re-render: read afresh
        assert provider_id not in text and "ollama:" not in text, f"the row shows the target as is: {text!r}"
        if short == "fr":
            assert "Pulling" not in text and "pulling" not in text, f"English in the French row: {text!r}"
            failed_text = job_row(app, failed["id"]).text
            assert "pull model" not in failed_text and "Ollama:" not in failed_text, f"Ollama's English in the French row: {failed_text!r}"
            english = english_only()
            assert len(english) > 20, "the string tables were not read"
            shown = [text for text in app.js(VISIBLE_TEXTS) if text in english]
            assert not shown, f"English strings on the French Jobs page: {shown}"

        # The server's name leads to its Ollama page.
        href = app.until(lambda: job_row(app, job["id"]).find_element(By.CSS_SELECTOR, tid("job-server")).get_attribute("href"), "no link")
        assert href.endswith(f"#/ollama/{provider_id}"), href
        app.click("job-server", root=lambda: job_row(app, job["id"]))
        app.until(lambda: [e.get_attribute("data-id") for e in app.shown("ollama-server")] == [provider_id],
                  "the link did not open the server's page", timeout=15)
        app.assert_no_reload()
    finally:
        if job:
            server.api("POST", f"/api/jobs/{job['id']}/cancel")
        server.api("DELETE", f"/api/providers/{provider_id}?cascade=true")
