import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAction, AccessLog
from outreach.models import User
from outreach.querysets import users_visible_to


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


def _people_the_reader_may_see(request):
    if request is None:
        return User.objects.none()
    return users_visible_to(request.user).order_by("first_name", "last_name", "username")


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, person) -> str:
        full_name = person.get_full_name()
        return f"{full_name} ({person.username})" if full_name else person.username


class PersonChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PersonField


class DatePicker(forms.DateInput):
    input_type = "date"

    def __init__(self):
        # The browser's date picker sends ISO dates whatever the page's language.
        super().__init__(format="%Y-%m-%d")


class AccessLogPageFilter(django_filters.FilterSet):
    """The access-log page, for people: a person chosen by name, a household found by name or
    case number, dates picked from a calendar. The household's words go in `search`, which
    the log itself never keeps (describe_query blanks it)."""

    person = PersonChoiceFilter(
        field_name="user", queryset=_people_the_reader_may_see, label=_("Person")
    )
    search = django_filters.CharFilter(
        method="filter_household", label=_("Household (name or case number)")
    )
    action = django_filters.ChoiceFilter(choices=AccessAction.choices, label=_("Action"))
    date_from = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=DatePicker()
    )
    date_to = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=DatePicker()
    )

    class Meta:
        model = AccessLog
        fields = ["person", "search", "action", "date_from", "date_to"]

    def filter_household(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(household_reference__icontains=value) | Q(household__contact_name__icontains=value)
        )
