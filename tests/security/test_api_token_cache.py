"""An API token found once is kept in the cache, so that the next calls with it ask the
database nothing to know who calls; whatever ends a token ends it in the cache too, at once:
logging out, logging in again, a new password, deactivation."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.models import ApiToken
from outreach.selectors.api_tokens import (
    CACHE_KEY_BY_DIGEST,
    api_token_digest,
    api_token_find,
    api_token_generation,
)
from outreach.services.api_tokens import api_token_issue
from tests.factories import PASSWORD
from tests.security.helpers import token_login, with_token

ME = "/api/v1/users/me/"


@pytest.fixture(autouse=True)
def token_cache(settings):
    settings.API_TOKEN_CACHE_SECONDS = 300


def cached_call(key: str) -> int:
    """Call until the token is answered from the cache: the first call notes whose it is,
    the second caches it, the third is answered from the cache."""
    for _ in range(2):
        with_token(key).get(ME)
    return with_token(key).get(ME).status_code


def token_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ME).status_code == 200
    return sum("outreach_apitoken" in query["sql"] for query in queries.captured_queries)


def test_a_known_token_is_not_looked_up_again(world):
    client = with_token(token_login(world.peer))
    assert [token_queries(client) for _ in range(4)] == [1, 1, 0, 0]


def test_a_known_token_costs_one_request_to_the_cache(world, monkeypatch):
    # The cache is a network round trip in production (Redis), paid by every API call.
    key = token_login(world.peer)
    assert cached_call(key) == 200
    asked = []

    def counted(method):
        original = getattr(cache, method)

        def ask(*args, **kwargs):
            # The memory cache of the tests answers get_many with a get per key: one request.
            if asked and asked[-1] == "open":
                return original(*args, **kwargs)
            asked.append("open")
            try:
                return original(*args, **kwargs)
            finally:
                asked[-1] = method

        monkeypatch.setattr(cache, method, ask)

    counted("get")
    counted("get_many")
    assert api_token_find(key=key).user == world.peer
    assert asked == ["get_many"]


def test_logging_out_ends_the_cached_token(world):
    key = token_login(world.peer)
    assert cached_call(key) == 200
    assert with_token(key).post("/api/v1/auth/logout/").status_code in (200, 204)
    assert with_token(key).get(ME).status_code == 401


def test_logging_in_again_ends_the_cached_token_of_the_last_login(world):
    lost_phone = token_login(world.peer)
    assert cached_call(lost_phone) == 200
    new_phone = token_login(world.peer)
    assert with_token(lost_phone).get(ME).status_code == 401
    assert cached_call(new_phone) == 200


def test_a_new_password_ends_the_cached_token(world):
    key = token_login(world.peer)
    assert cached_call(key) == 200
    # As the admin's password form or `manage.py changepassword` does it
    world.peer.set_password("an-entirely-new-passphrase-42")
    world.peer.save()
    assert with_token(key).get(ME).status_code == 401


def test_deactivation_ends_the_cached_token(world):
    key = token_login(world.peer)
    assert cached_call(key) == 200
    world.peer.is_active = False
    world.peer.save(update_fields=["is_active"])
    assert with_token(key).get(ME).status_code == 401


def test_deleting_the_token_in_the_admin_ends_the_cached_token(world):
    key = token_login(world.peer)
    assert cached_call(key) == 200
    ApiToken.objects.get(user=world.peer).delete()
    assert with_token(key).get(ME).status_code == 401


def test_a_lookup_that_read_before_a_logout_does_not_cache_what_it_read(world):
    # Given a call that read the token from the database just before a logout ended it
    key = api_token_issue(user=world.peer)
    assert cached_call(key) == 200
    generation = api_token_generation(world.peer.pk)
    stale = ApiToken.objects.select_related("user").get(user=world.peer)
    assert with_token(key).post("/api/v1/auth/logout/").status_code in (200, 204)
    # When that call caches what it read, with the generation it read before its query
    digest = api_token_digest(key)
    cache.set(CACHE_KEY_BY_DIGEST.format(digest=digest), (stale, generation), 300)
    # Then the ended token is not believed
    assert api_token_find(key=key) is None
    assert with_token(key).get(ME).status_code == 401


def test_without_the_setting_nothing_is_cached(world, settings):
    settings.API_TOKEN_CACHE_SECONDS = 0
    key = token_login(world.peer)
    assert cached_call(key) == 200
    client = with_token(key)
    assert [token_queries(client) for _ in range(3)] == [1, 1, 1]


def test_the_cache_holds_no_password_hash_and_a_cached_caller_saves_none_away(world):
    # Given a token answered from the cache
    key = token_login(world.peer)
    assert cached_call(key) == 200
    token, _generation = cache.get(CACHE_KEY_BY_DIGEST.format(digest=api_token_digest(key)))
    # Then what the cache keeps of the person holds no password hash
    assert world.peer.password not in str(vars(token.user))
    assert "password" in token.user.get_deferred_fields()
    # and saving the person as a cached call knows them leaves the password as it was
    cached = api_token_find(key=key)
    cached.user.first_name = "Nieuw"
    cached.user.save()
    world.peer.refresh_from_db()
    assert world.peer.first_name == "Nieuw"
    assert world.peer.check_password(PASSWORD)
