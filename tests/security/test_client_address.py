"""The lockout and the token endpoint's throttle count per client, also behind the TLS
proxy (where every connection comes from the proxy), and a client cannot choose the address
it is counted under by sending X-Forwarded-For."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD

PROXY = "10.0.0.2"
ATTACKER, PEER = "203.0.113.5", "198.51.100.7"


def through_proxy(client_ip: str, sent_by_client: str = "") -> dict:
    """What gunicorn sees of a request that came through the TLS proxy: the proxy's own
    address, and X-Forwarded-For with the address the proxy saw appended."""
    forwarded = f"{sent_by_client}, {client_ip}" if sent_by_client else client_ip
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def token_login(password: str, **meta):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": "peer-noord-1", "password": password}, **meta
    )


# Transactional: as in production each request commits on its own, so that the refused
# logins are kept (not rolled back with the test's transaction).
@pytest.mark.django_db(transaction=True)
def test_ten_wrong_passwords_behind_the_proxy_do_not_lock_the_peer_out(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Given someone who tries ten wrong passwords for a peer's name, through the proxy, and
    # who even sends the peer's address in X-Forwarded-For
    for _ in range(10):
        token_login("wrong", **through_proxy(ATTACKER, sent_by_client=PEER))
    # Then the peer, on their own phone behind the same proxy, still logs in
    assert "token" in token_login(PASSWORD, **through_proxy(PEER)).json()
    # And on the login page too
    page = APIClient().post(
        "/accounts/login/",
        {"username": "peer-noord-1", "password": PASSWORD},
        **through_proxy(PEER),
    )
    assert page.status_code == 302
    # While the one who tried is locked out, whatever address they claim
    refused = token_login(PASSWORD, **through_proxy(ATTACKER, sent_by_client="192.0.2.99"))
    assert refused.status_code in (400, 403, 429)
    assert "token" not in refused.json()


def test_rotating_x_forwarded_for_without_a_proxy_is_throttled(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"] == "20/minute"
    # When one client sends 30 attempts, each claiming another address
    statuses = [
        token_login("wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(30)
    ]
    # Then the ones over the limit are refused
    assert statuses.count(429) == 10


def test_behind_the_proxy_each_client_has_its_own_throttle(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Given one client that used up its attempts through the proxy
    statuses = [token_login("wrong", **through_proxy(ATTACKER)).status_code for _ in range(21)]
    assert statuses[-1] == 429
    # Then another client behind the same proxy is not throttled
    assert token_login(PASSWORD, **through_proxy(PEER)).status_code == 200
    # And the first cannot escape its count by claiming other addresses
    assert token_login(PASSWORD, **through_proxy(ATTACKER, sent_by_client=PEER)).status_code == 429
