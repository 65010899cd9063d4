"""What happened in the case work, for the other apps to react to. The domain sends these
after its transaction has committed (never from inside it), with ids only; an app that
reacts connects its receiver in its AppConfig.ready(). A receiver calls a service of its
own app and does nothing else."""

from django.dispatch import Signal

# A case was closed: household_id, reason (a ClosingReason value).
case_closed = Signal()

# Sent during the request, not after commit: case records were shown to someone, and the
# access log (audit) writes its entry at once. Pages send these; the API logs directly.
# A case was opened: request, household (None when detail names several), detail.
case_viewed = Signal()
# A list of cases or of people was shown: request, detail (None: the list's filters as
# asked, free-text searches blanked by the access log).
list_viewed = Signal()
# A household withdrew a consent: household_id, scope (a ConsentScope value), withdrawn_by_id.
consent_withdrawn = Signal()
