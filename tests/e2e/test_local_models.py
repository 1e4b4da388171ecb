"""Issue 18 end to end: a model found on the fake Hub (`hangar-fakes hub`), downloaded once,
deployed from the models page to two fake Ollama servers (`hangar-fakes ollama`), started on
one of them, `running` after a page reload and after a restart of Hangar, then stopped; and
bulk Stop on checked rows."""

from selenium.webdriver.common.keys import Keys

from conftest import App, unique
from fakes import FakeOllama

SIZE = 2 * 1024 * 1024


def chip(app, model_id):
    return app.row(model_id).find_element("css selector", '[data-testid="model-runtime"]')


def wait_chip(app, model_id, status, running=None):
    def matches():
        try:
            element = chip(app, model_id)
        except Exception:  # re-rendered meanwhile: look again
            return False
        ok = element.get_attribute("data-runtime-status") == status
        return ok and (running is None or element.get_attribute("data-running") == str(running))
    app.until(matches, f"the row's runtime chip never said {status} (running on {running})", timeout=30)


def loaded(fake):
    return [m["name"] for m in fake.api("GET", "/api/ps")["models"]]


def choose_servers(app, dialog_name, wanted):
    """Ticks exactly the servers in wanted in a dialog's server list."""
    dialog = app.visible(dialog_name)
    for box in app.shown("deploy-server" if dialog_name == "deploy-dialog" else "servers-server", dialog):
        if box.is_selected() != (box.get_attribute("data-id") in wanted):
            box.click()
    return dialog


def test_hub_download_deploy_to_two_servers_start_reload_restart_stop(own_server, browser_factory, hub, ollama):
    server, second = own_server, FakeOllama()
    try:
        suffix = unique()
        repo = f"e2e-deploy/Tiny-{suffix}-GGUF"
        hub.add_repo(repo, downloads=7)
        hub.add_gguf(repo, "tiny-Q4_K_M.gguf", size=SIZE)
        gpu_a = server.ok("POST", "/api/providers", {"kind": "ollama", "name": f"GPU A {suffix}", "base_url": ollama.url})["id"]
        gpu_b = server.ok("POST", "/api/providers", {"kind": "ollama", "name": f"GPU B {suffix}", "base_url": second.url})["id"]
        app = App(browser_factory(lang="en-US", width=1280, height=900), server)
        app.open("#/models")

        # Find it on the Hub, pick the quantization, download it.
        app.new_model_form("local")
        app.click("hub-browse")
        app.visible("hub-picker")
        app.fill("hub-search-input", suffix)
        app.visible("hub-search-input").send_keys(Keys.ENTER)
        app.until(lambda: [r.get_attribute("data-repo") for r in app.shown("hub-result")] == [repo], "the search did not find the repo")
        app.click(app.shown("hub-result")[0])
        app.until(lambda: len(app.shown("hub-choice")) == 1, "the quantization never showed")
        app.click(app.shown("hub-choice")[0])
        app.gone("hub-picker")
        app.click("download-now")
        app.click("modal-save")
        app.until(lambda: app.shown("model-download", app.visible("model-modal")), "the modal did not switch to the download view")
        app.until(lambda: app.text("download-status", app.visible("model-modal")) == "Downloaded", "the download never finished", timeout=40)
        app.click("modal-cancel")
        app.gone("model-modal")
        local = server.find_model("local", f"tiny-{suffix}-q4_k_m")
        assert local is not None

        # Deploy it to both servers from its row.
        app.row_action(local["id"], "action-deploy")
        dialog = choose_servers(app, "deploy-dialog", {gpu_a, gpu_b})
        app.click("deploy-submit", dialog)
        app.visible("deploy-started")
        name = "tiny-q4_k_m:latest"
        app.until(lambda: name in ollama.names() and name in second.names(), "the model never reached both servers", timeout=40)
        for fake in (ollama, second):
            uploads = fake.control("GET", "ollama/blobs")["uploads"]
            assert [(u["bytes"], u["accepted"]) for u in uploads] == [(SIZE, True)], uploads
        wait_chip(app, local["id"], "stopped")

        # Start it on GPU A only.
        app.row_action(local["id"], "action-start")
        dialog = choose_servers(app, "servers-dialog", {gpu_a})
        app.click("servers-submit", dialog)
        wait_chip(app, local["id"], "running", running=1)
        assert loaded(ollama) == [name] and loaded(second) == []

        # Still running after a reload, and after Hangar restarts (read from its database).
        app.open("#/models")
        wait_chip(app, local["id"], "running", running=1)
        server.stop()
        server.start()
        app.open("#/models")
        wait_chip(app, local["id"], "running", running=1)
        runtime = server.ok("GET", f"/api/models/{local['id']}/runtime")["servers"]
        assert {s["provider_id"]: s["status"] for s in runtime} == {gpu_a: "running", gpu_b: "stopped"}, runtime

        # Stop it.
        app.row_action(local["id"], "action-stop")
        # Two servers: the dialog asks which, the one running it already ticked.
        dialog = app.visible("servers-dialog")
        assert [b.get_attribute("data-id") for b in app.shown("servers-server", dialog) if b.is_selected()] == [gpu_a]
        app.click("servers-submit", dialog)
        wait_chip(app, local["id"], "stopped")
        assert loaded(ollama) == []
    finally:
        second.stop()


def test_bulk_stop_on_checked_rows(own_server, browser_factory, ollama):
    server = own_server
    suffix = unique()
    gpu = server.ok("POST", "/api/providers", {"kind": "ollama", "name": f"GPU {suffix}", "base_url": ollama.url})["id"]
    first = server.ok("POST", "/api/models", {"provider_id": gpu, "name": f"Llama {suffix}", "api_name": "llama3.2"})
    other = server.ok("POST", "/api/models", {"provider_id": gpu, "name": f"Qwen {suffix}", "api_name": "qwen2.5:0.5b"})
    for model in (first, other):
        started = server.api("POST", f"/api/models/{model['id']}/start")
        assert started[0] == 202, started
    app = App(browser_factory(lang="fr-FR", width=390, height=844), server)
    app.open("#/models")
    app.wait_lang("fr")
    for model in (first, other):
        wait_chip(app, model["id"], "running")
        app.click("model-select", root=lambda m=model: app.row(m["id"]))
    bar = app.visible("bulk-bar")
    assert bar.get_attribute("data-count") == "2"
    app.click("bulk-stop")
    summary = app.visible("bulk-summary", timeout=20)
    assert summary.get_attribute("data-done") == "2" and summary.get_attribute("data-failed") == "0", summary.text
    for model in (first, other):
        wait_chip(app, model["id"], "stopped")
    assert loaded(ollama) == []
