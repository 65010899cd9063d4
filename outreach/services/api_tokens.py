"""API tokens (DRF's authtoken): one a person, given out at each login, gone with a lost
phone. How long one lasts is checked where requests are authenticated
(api/authentication.py)."""

from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from outreach.models import User


def api_token_issue(*, user: User) -> Token:
    """A new token in place of the last: logging in on a new phone ends the token of a lost
    one, and every token lives API_TOKEN_HOURS from the login that gave it."""
    api_token_revoke(user=user)
    try:
        with transaction.atomic():
            return Token.objects.create(user=user)
    except IntegrityError:  # two logins at the same moment: both get the one made first
        return Token.objects.get(user=user)


def api_token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
