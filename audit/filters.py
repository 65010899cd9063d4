import django_filters
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAction, AccessLog


class AccessLogFilter(django_filters.FilterSet):
    """Shared by the API and the access-log page."""

    household = django_filters.NumberFilter(label=_("Household (id)"))
    reference = django_filters.CharFilter(
        field_name="household_reference", lookup_expr="iexact", label=_("Reference")
    )
    user = django_filters.NumberFilter(label=_("User (id)"))
    username = django_filters.CharFilter(lookup_expr="iexact", label=_("Username"))
    action = django_filters.ChoiceFilter(choices=AccessAction.choices, label=_("Action"))
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = AccessLog
        fields = ["household", "reference", "user", "username", "action", "date_from", "date_to"]
