"""What happened in the case work, for the other apps to react to. The domain sends these
after its transaction has committed (never from inside it), with ids only; an app that
reacts connects its receiver in its AppConfig.ready(). A receiver calls a service of its
own app and does nothing else."""

from django.dispatch import Signal

# A case was closed: household_id, reason (a ClosingReason value).
case_closed = Signal()

# A household withdrew a consent: household_id, scope (a ConsentScope value), withdrawn_by_id.
consent_withdrawn = Signal()
