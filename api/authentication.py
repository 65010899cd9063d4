"""API tokens that end like a login does: API_TOKEN_HOURS after they were given out, and at
once with a new password or a deactivated account."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from outreach.selectors.api_tokens import api_token_find, api_token_outlived_password


def token_expired(token) -> bool:
    return token.created <= timezone.now() - timedelta(hours=settings.API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, looked up by its digest (outreach.models.ApiToken).
    Refused once it is API_TOKEN_HOURS old: a lost phone or a copied token opens the records
    of a caseload for a working day, not for ever; refused too once the password changed or
    the account was deactivated. Logging in again (POST /api/v1/auth/token/) gives a new one."""

    def authenticate_credentials(self, key):
        token = api_token_find(key=key)
        if token is None:
            raise AuthenticationFailed(_("This login is not known. Log in again."))
        if not token.user.is_active or token_expired(token) or api_token_outlived_password(token):
            raise AuthenticationFailed(_("Your login has ended. Log in again."))
        return token.user, token
