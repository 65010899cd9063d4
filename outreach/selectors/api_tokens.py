import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

from outreach.models import ApiToken, User

# Cache keys of the token lookup. The token (with its user) is cached by digest together with
# the generation of its person's entries; a change to the person or their token gives them a
# new generation (outreach.services.api_tokens.api_token_forget), after which nothing cached
# before counts. The generation is read BEFORE the database: a lookup that read the old row
# just before a change holds the old generation, and is not believed. For that it must know
# whose token it is before asking, so a token is cached from its second call on: the first
# notes whose it is (a digest always belongs to the same person).
CACHE_KEY_BY_DIGEST = "api-token:{digest}"
CACHE_KEY_OWNER = "api-token-owner:{digest}"
CACHE_KEY_GENERATION = "api-token-generation:{user_id}"


def api_token_digest(key: str) -> str:
    """What is stored of a key. A key holds 256 random bits, so a plain SHA-256 is enough:
    there is nothing to guess, unlike a password."""
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """Changes when the password does (any way it is changed), as Django's session hash."""
    return salted_hmac("outreach.api_token", user.password, algorithm="sha256").hexdigest()


def api_token_find(*, key: str) -> ApiToken | None:
    """The token of `key` with its user, or None. Every API call asks this, so with
    API_TOKEN_CACHE_SECONDS the answer is kept in the cache (bench/README.md: the floor of
    every API call). Whatever could end the token (logging out or in again, a new password,
    deactivation, any change to the person) makes what was cached of it not count, at once:
    api_token_forget, connected in outreach.apps to saves and deletes of tokens and people."""
    digest = api_token_digest(key)
    seconds = settings.API_TOKEN_CACHE_SECONDS
    if not seconds:
        return _token_from_database(digest)
    token_key, owner_key = (
        CACHE_KEY_BY_DIGEST.format(digest=digest),
        CACHE_KEY_OWNER.format(digest=digest),
    )
    owner = _known_owners.get(digest)
    if owner is None:
        cached = cache.get_many([token_key, owner_key])
        owner = cached.get(owner_key)
        generation = None
        if owner is not None:
            _remember_owner(digest, owner)
            generation = api_token_generation(owner)
    else:
        # Whose a digest is never changes, so this process asks for the token and its
        # person's generation in one round trip to the cache instead of two.
        generation_key = CACHE_KEY_GENERATION.format(user_id=owner)
        cached = cache.get_many([token_key, generation_key])
        generation = cached.get(generation_key) or api_token_generation(owner)
    if token_key in cached:
        token, cached_generation = cached[token_key]
        if token.user_id == owner and cached_generation == generation:
            return token
    token = _token_from_database(digest)
    if token is None:
        return None
    if owner == token.user_id:
        if token.user.is_active and not api_token_outlived_password(token):
            cache.set(token_key, (_without_password_hash(token), generation), seconds)
    else:
        cache.set(owner_key, token.user_id, seconds * 2)
    return token


# Digests this process has seen with their person (a digest always belongs to the same
# person): at most KNOWN_OWNERS_KEPT, forgotten all at once when full.
KNOWN_OWNERS_KEPT = 10_000
_known_owners: dict[str, int] = {}


def _remember_owner(digest: str, user_id: int) -> None:
    if len(_known_owners) >= KNOWN_OWNERS_KEPT:
        _known_owners.clear()
    _known_owners[digest] = user_id


def _token_from_database(digest: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(digest=digest).first()


def api_token_generation(user_id: int) -> str:
    """The current generation of the person's cached entries (made when there is none: a
    fresh random value matches nothing cached before)."""
    generation_key = CACHE_KEY_GENERATION.format(user_id=user_id)
    generation = cache.get(generation_key)
    if generation is None:
        cache.add(generation_key, secrets.token_hex(8), settings.API_TOKEN_CACHE_SECONDS * 2)
        generation = cache.get(generation_key)
    return generation


def _without_password_hash(token: ApiToken) -> ApiToken:
    """The token to keep in the cache: its person without the password hash, which has no
    business in a cache other processes (and whoever reads Redis) share. The hash is left
    deferred, as `.defer("password")` leaves it: read only if someone asks, and not written
    back by a save."""
    fields = [field.attname for field in User._meta.concrete_fields if field.name != "password"]
    person = User.from_db(token.user._state.db, fields, [getattr(token.user, f) for f in fields])
    kept = ApiToken.from_db(
        token._state.db,
        [field.attname for field in ApiToken._meta.concrete_fields],
        [getattr(token, field.attname) for field in ApiToken._meta.concrete_fields],
    )
    kept.user = person
    return kept


def api_token_outlived_password(token: ApiToken) -> bool:
    """The password was changed after this token was given out."""
    if "password" in token.user.get_deferred_fields():
        # A token from the cache: only a token whose password still held was cached, and a
        # new password makes what was cached not count (api_token_forget).
        return False
    return not constant_time_compare(token.password_fingerprint, password_fingerprint(token.user))
