"""API tokens: one a person, given out at each login, stored only as a digest, ended by
logging out, a new password, deactivation and a two-step reset. How long one lasts and
whether it still holds is checked where requests are authenticated (api/authentication.py,
with outreach.selectors.api_tokens)."""

import secrets

from django.db import transaction
from django.utils import timezone

from outreach.models import ApiToken, User
from outreach.selectors.api_tokens import api_token_digest, password_fingerprint


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
