"""API tokens: one a person, given out at each login, stored only as a digest, ended by
logging out, a new password, deactivation and a two-step reset. How long one lasts and
whether it still holds is checked where requests are authenticated (api/authentication.py,
with outreach.selectors.api_tokens)."""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from outreach.models import ApiToken, User
from outreach.selectors.api_tokens import (
    CACHE_KEY_GENERATION,
    api_token_digest,
    password_fingerprint,
)


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """A new key in place of the last: logging in on a new phone ends the token of a lost
    one, and every token lives API_TOKEN_HOURS from the login that gave it. Returns the key,
    which is shown once and kept nowhere. Two logins at the same moment: the later one's key
    is the one that works (update_or_create locks the person's row)."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.update_or_create(
        user=user,
        defaults={
            "digest": api_token_digest(key),
            "password_fingerprint": password_fingerprint(user),
            "created": timezone.now(),
        },
    )
    return key


def api_token_revoke(*, user: User) -> None:
    ApiToken.objects.filter(user=user).delete()


def api_token_forget(*, user_id: int) -> None:
    """Make what the cache holds of the person's token not count (a new generation, see
    outreach.selectors.api_tokens): the next call asks the database, which knows whether it
    still holds. Again once the change is committed: a call that read the generation and
    then the database before the commit must not be believed either."""

    def forget():
        cache.set(
            CACHE_KEY_GENERATION.format(user_id=user_id),
            secrets.token_hex(8),
            max(settings.API_TOKEN_CACHE_SECONDS * 2, 60),
        )

    forget()
    transaction.on_commit(forget)


def forget_token_of_user(sender, instance, **kwargs) -> None:
    """Receiver for saves and deletes of a person: a new password, deactivation, a new role
    or any other change is seen by their next API call."""
    api_token_forget(user_id=instance.pk)


def forget_token(sender, instance, **kwargs) -> None:
    """Receiver for saves and deletes of a token: a logout, or a login replacing the key."""
    api_token_forget(user_id=instance.user_id)
