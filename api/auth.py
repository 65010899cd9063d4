from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import parsers, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from audit.models import AccessAction
from audit.services import record_access
from outreach.client_address import client_address
from outreach.policies import needs_two_factor
from outreach.selectors.two_factor import has_authenticator
from outreach.services.api_tokens import api_token_issue, api_token_revoke
from outreach.services.two_factor import two_factor_verify


class PerClientThrottle(ScopedRateThrottle):
    """Counted per client address as the login lockout counts (outreach.client_address):
    behind the proxy per client, not per proxy, and without one a client-sent
    X-Forwarded-For changes nothing."""

    def get_ident(self, request):
        return client_address(request)


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <key>`).
    The key is in this answer only: the server keeps a digest of it."""

    throttle_classes = [PerClientThrottle]
    throttle_scope = "auth_token"
    # Logging in is how an ended token is replaced: a client that still sends it must not be
    # refused here.
    authentication_classes = []
    permission_classes = []
    parser_classes = [parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                "otp": serializers.CharField(
                    required=False,
                    help_text=(
                        "Code from the authenticator app (or a backup code): required for "
                        "coordinators, the municipality and admins, and for anyone who set "
                        "up two-step login."
                    ),
                ),
            },
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(
                description="Wrong username or password, or a missing or wrong code (`otp`)"
            ),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # Returned, not raised: DRF rolls the request's transaction back on a raised
            # error, and with it django-axes' record of the failed attempt (no lockout).
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        refusal = _second_step_refusal(user, request.data.get("otp"))
        if refusal is not None:
            return Response({"otp": [refusal]}, status=status.HTTP_400_BAD_REQUEST)
        key = api_token_issue(user=user)
        record_access(request, action=AccessAction.TOKEN_LOGIN, user=user)
        return Response({"token": key})


class LogoutView(APIView):
    """End the caller's API token (and with it the API login on every device that has it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, *args, **kwargs):
        api_token_revoke(user=request.user)
        record_access(request, action=AccessAction.LOGOUT, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _second_step_refusal(user, code) -> str | None:
    """Why a user who needs the second login step does not get a token (None: they may)."""
    if not needs_two_factor(user):
        return None
    if not has_authenticator(user=user):
        return _("Set up two-step login on the website first.")
    if not code or not isinstance(code, str):
        return _("Enter the code from the app on your phone.")
    if two_factor_verify(user=user, code=code) is None:
        return _("That code is not right, or you tried too often. Try again.")
    return None
