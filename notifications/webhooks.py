"""Twilio's webhooks: delivery status callbacks and incoming messages. Any request without
a valid X-Twilio-Signature is refused (403) before anything is read from it."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from notifications.services.inbound import inbound_receive
from notifications.services.outbox import delivery_status_record
from outreach.validators import normalize_dutch_mobile

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def public_url(request) -> str:
    """The address Twilio signed: the public one when we sit behind a proxy."""
    if settings.SMS_PUBLIC_BASE_URL:
        return settings.SMS_PUBLIC_BASE_URL.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()


def twilio_signed(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        signature = request.headers.get("X-Twilio-Signature", "")
        validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
        if not (
            settings.TWILIO_AUTH_TOKEN
            and signature
            and validator.validate(public_url(request), request.POST.dict(), signature)
        ):
            return HttpResponseForbidden("Invalid signature")
        return view(request, *args, **kwargs)

    return csrf_exempt(require_POST(checked))


def _posted(request, name: str) -> str:
    """A field Twilio posted, without NUL characters: no text column can store one
    (PostgreSQL refuses it), and no phone shows one."""
    return request.POST.get(name, "").replace("\x00", "")


def _phone(raw: str) -> str:
    try:
        return normalize_dutch_mobile(raw)
    except Exception:  # a foreign number: kept as Twilio gives it (E.164 already)
        return raw[:16]


@twilio_signed
def status_callback(request):
    delivery_status_record(
        provider_id=_posted(request, "MessageSid"),
        provider_status=_posted(request, "MessageStatus"),
        error_code=_posted(request, "ErrorCode"),
    )
    return HttpResponse(status=204)


@twilio_signed
def inbound(request):
    inbound_receive(
        provider_id=_posted(request, "MessageSid")[:64],
        from_phone=_phone(_posted(request, "From")),
        body=_posted(request, "Body"),
    )
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
