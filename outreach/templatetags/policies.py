"""Templates ask policies.py what the user may do, never which role they have:
`{% load policies %}` and then `{% if user|may:"see_reach" %}`."""

from django import template

from outreach import policies

register = template.Library()

# The questions a template may ask about the user alone, by the name it uses.
QUESTIONS = {
    "use_phone_pages": policies.uses_phone_pages,
    "set_phone_pin": policies.phone_lock_applies,
    "open_management": policies.can_open_management,
    "see_coordinator_workspace": policies.sees_coordinator_workspace,
    "see_outbox": policies.can_see_outbox,
    "read_access_log": policies.reads_access_log,
    "read_whole_access_log": policies.reads_whole_access_log,
    "see_reach": policies.can_see_reach,
    "read_offer": policies.reads_offer,
    "read_signal_inbox": policies.reads_signal_inbox,
}


@register.filter
def may(user, question: str) -> bool:
    """Whether the user may do what the question names (an unknown question is a mistake in
    the template, and fails loudly)."""
    return QUESTIONS[question](user)
