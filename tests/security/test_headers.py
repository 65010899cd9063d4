"""Security headers on every page for every role: a strict Content-Security-Policy (no inline
script, no inline style without the request's nonce), no framing, no sniffing; and pages
that hold no inline script or event handler. `check --deploy` is clean in production."""

from html.parser import HTMLParser

from tests.pages import ROLES, page_paths
from tests.security.helpers import PRODUCTION, run_manage


class InlineCode(HTMLParser):
    """Finds what a strict CSP would block: inline scripts, on*= handlers, style attributes,
    style elements without a nonce, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append("inline <script>")
        if tag == "style" and not attributes.get("nonce"):
            self.found.append("<style> without nonce")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name == "style":
                self.found.append(f"<{tag} style=>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")


def test_every_page_for_every_role_has_a_strict_csp_and_no_inline_script(client, world):
    checked = 0
    for path in page_paths(world):
        for role in ROLES:
            user = world.user(role)
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(path)
            policy = response.get("Content-Security-Policy", "")
            where = f"{role} {path} ({response.status_code})"
            assert "script-src 'self'" in policy, where
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
            assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, where
            assert response["X-Frame-Options"] == "DENY", where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Referrer-Policy"] == "same-origin", where
            if "html" in response.get("Content-Type", ""):
                parser = InlineCode()
                parser.feed(response.content.decode())
                assert not parser.found, f"{where}: {parser.found}"
                if "<style nonce=" in response.content.decode():
                    assert "'nonce-" in policy, where
            checked += 1
    assert checked > 200


def test_subject_access_document_styles_itself_with_the_request_nonce(client, world):
    client.force_login(world.coordinator)
    response = client.get(f"/api/v1/households/{world.household.pk}/export/?format=html")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_the_session_cookie_is_not_readable_by_script(client, world):
    # Given a peer with a password, When they log in on the page
    world.peer.set_password("een-lang-wachtwoord")
    world.peer.save()
    response = client.post(
        "/accounts/login/", {"username": world.peer.username, "password": "een-lang-wachtwoord"}
    )
    # Then the session cookie is HttpOnly (no script can read the login), the CSRF cookie
    # deliberately not (the phone's outbox sends with the current token)
    assert response.cookies["sessionid"]["httponly"]
    assert not response.cookies["csrftoken"]["httponly"]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # Given the production settings: no demo, no DEBUG, a real secret key
    # When Django's deployment checks run (a developer's .env fills in only what is unset)
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    # Then they find nothing
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
