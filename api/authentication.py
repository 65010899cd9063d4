"""API tokens that end like a login does: API_TOKEN_HOURS after they were given out."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def token_expired(token) -> bool:
    return token.created <= timezone.now() - timedelta(hours=settings.API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused once it is API_TOKEN_HOURS old: a lost phone or a copied token
    opens the records of a caseload for a working day, not for ever. Logging in again
    (POST /api/v1/auth/token/) gives a new one."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(_("Your login has ended. Log in again."))
        return user, token
