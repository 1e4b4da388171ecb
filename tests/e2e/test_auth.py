"""Log in with a wrong then the right token, the HttpOnly session cookie, log out."""

import urllib.error
import urllib.request

from conftest import App


def status_with_cookie(server, cookie: str) -> int:
    """GET /api/models outside the browser, with a copy of the session cookie."""
    request = urllib.request.Request(server.url + "/api/models?limit=1", headers={"Cookie": f"hangar_session={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def session_status(app: App) -> int:
    """GET /api/session from the page, with the browser's cookies."""
    return app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/session', {credentials: 'same-origin', cache: 'no-store'})"
        "  .then(r => done(r.status), e => done('error: ' + e));")


def test_login_wrong_token_then_right_token_then_logout(server, browser_factory):
    app = App(browser_factory(lang="en-US", width=1280, height=800), server)
    app.open("#/models", login=False)
    app.visible("login-token")
    assert app.visible("login-token").get_attribute("type") == "password"
    assert not app.is_shown("nav-models"), "the shell shows before logging in"
    assert not app.is_shown("login-error"), "login-error shows before any attempt"

    # wrong token: an error, still on the login screen, no cookie
    app.fill("login-token", "not-the-admin-token-0000")
    app.click("login-submit")
    error = app.visible("login-error")
    app.until(lambda: error.text.strip() != "", "login-error is empty")
    assert app.is_shown("login-token")
    assert not app.is_shown("nav-models")
    assert not [c for c in app.driver.get_cookies() if c["name"] == "hangar_session"]

    # right token: the shell, an HttpOnly session cookie that scripts cannot read
    app.login()
    app.gone("login-error")
    cookies = [c for c in app.driver.get_cookies() if c["name"] == "hangar_session"]
    assert len(cookies) == 1, app.driver.get_cookies()
    assert cookies[0]["httpOnly"] is True, cookies[0]
    assert cookies[0].get("sameSite") == "Strict", cookies[0]
    assert "hangar_session" not in app.js("return document.cookie;")
    assert session_status(app) == 200
    copied = cookies[0]["value"]
    assert status_with_cookie(server, copied) == 200
    app.assert_no_reload()

    # log out: back to the login screen, the session is over, also for a copy of the cookie
    app.click("logout")
    app.visible("login-token")
    app.gone("nav-models")
    assert not [c for c in app.driver.get_cookies() if c["name"] == "hangar_session"]
    assert session_status(app) == 401
    assert status_with_cookie(server, copied) == 401
    app.assert_no_reload()


def test_providers_page_after_login(server, browser_factory):
    """A fresh browser opening a deep link sees the login screen first; the providers page
    then lists every builtin connection."""
    app = App(browser_factory(lang="en-US", width=1280, height=800), server)
    app.open("#/providers", login=False)
    app.visible("login-token")
    assert not app.is_shown("providers-page")
    app.login()
    app.go("providers-page")
    app.until(lambda: len(app.shown("provider-card")) >= 5, "fewer than 5 provider cards")
    ids = {card.get_attribute("data-id") for card in app.shown("provider-card")}
    assert {"mistral", "ollama", "openai", "azure-openai", "local"} <= ids, ids
    local = [c for c in app.shown("provider-card") if c.get_attribute("data-id") == "local"][0]
    assert app.text("provider-name", local) == "Local"
    app.assert_no_reload()


def test_sign_out_everywhere_ends_every_session(own_server, browser_factory):
    """Settings → Sign out everywhere (here in French on a phone): this browser's session and
    another one end at once; the admin token still works."""
    server = own_server
    other = server.session_cookie()
    app = App(browser_factory(lang="fr-FR", width=390, height=844), server)
    app.open("#/settings")
    button = app.visible("logout-everywhere")
    assert button.text == "Se déconnecter partout"
    mine = [c for c in app.driver.get_cookies() if c["name"] == "hangar_session"][0]["value"]
    assert status_with_cookie(server, mine) == 200
    assert status_with_cookie(server, other) == 200

    app.click("logout-everywhere")
    app.visible("login-token")
    assert status_with_cookie(server, mine) == 401
    assert status_with_cookie(server, other) == 401
    assert server.api("GET", "/api/models?limit=1")[0] == 200
