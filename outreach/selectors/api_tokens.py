import hashlib

from django.utils.crypto import constant_time_compare, salted_hmac

from outreach.models import ApiToken, User


def api_token_digest(key: str) -> str:
    """What is stored of a key. A key holds 256 random bits, so a plain SHA-256 is enough:
    there is nothing to guess, unlike a password."""
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """Changes when the password does (any way it is changed), as Django's session hash."""
    return salted_hmac("outreach.api_token", user.password, algorithm="sha256").hexdigest()


def api_token_find(*, key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(digest=api_token_digest(key)).first()


def api_token_outlived_password(token: ApiToken) -> bool:
    """The password was changed after this token was given out."""
    return not constant_time_compare(token.password_fingerprint, password_fingerprint(token.user))
