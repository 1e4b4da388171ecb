"""Offline: the shell opens from the service worker's cache once the server is gone; network
controls are disabled, with the reason in their title."""

from selenium.common.exceptions import WebDriverException

from conftest import App

NETWORK_ACTIONS = ("action-set-default", "action-deprecate", "action-restore", "action-delete")


def assert_offline_controls(app: App) -> None:
    new = app.visible("model-new")
    app.until(lambda: new.get_attribute("disabled") is not None, "model-new is not disabled offline")
    assert (new.get_attribute("title") or "").strip(), "the disabled model-new has no title giving the reason"
    for action in NETWORK_ACTIONS:
        for button in app.shown(action):
            assert button.get_attribute("disabled") is not None, f"{action} is enabled offline"


def test_shell_from_service_worker_when_server_is_stopped(own_server, browser_factory):
    server = own_server
    app = App(browser_factory(lang="en-US", width=1280, height=800), server)
    app.open("#/models")
    app.wait_sw_control("#/models")
    app.until(app.in_shell, "no shell after the controlled load")
    app.visible("models-page")
    assert not app.is_shown("offline-banner"), "offline-banner shows while online"
    assert app.visible("model-new").get_attribute("disabled") is None, "model-new is disabled while online"

    server.stop()
    try:
        app.load("#/models")
    except WebDriverException as error:
        raise AssertionError(f"the service worker did not serve the shell with the server stopped: {error.msg}") from None
    app.until(lambda: app.in_shell() or app.is_shown("login-token"), "nothing showed with the server stopped", timeout=20)
    app.set_marker()
    assert app.in_shell(), "the shell did not open from the service worker cache (login screen instead)"
    assert app.js("return !!navigator.serviceWorker.controller;"), "the offline page is not controlled by the SW"
    app.visible("offline-banner", timeout=15)
    app.go("models-page")
    assert_offline_controls(app)
    app.assert_no_reload()


def test_emulated_offline_toggles_banner_without_reload(server, browser_factory):
    """CDP network emulation: going offline shows the banner and disables controls, coming
    back hides it, all on the same page."""
    app = App(browser_factory(lang="en-US", width=1280, height=800), server)
    app.open("#/models")
    app.wait_sw_control("#/models")
    app.go("models-page")
    app.set_marker()
    assert not app.is_shown("offline-banner")
    conditions = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    app.driver.execute_cdp_cmd("Network.enable", {})
    try:
        app.driver.execute_cdp_cmd("Network.emulateNetworkConditions", dict(conditions, offline=True))
        app.visible("offline-banner")
        assert_offline_controls(app)
        app.driver.execute_cdp_cmd("Network.emulateNetworkConditions", dict(conditions, offline=False))
        app.gone("offline-banner")
        new = app.visible("model-new")
        app.until(lambda: new.get_attribute("disabled") is None, "model-new stays disabled back online")
        app.assert_no_reload()
    finally:
        app.driver.execute_cdp_cmd("Network.emulateNetworkConditions", dict(conditions, offline=False))
