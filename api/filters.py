import django_filters
from django.db.models import Q
from django.utils import timezone

from outreach.models import FollowUp, Household, ParticipationWish, ProvisionCheck, Visit
from outreach.workflow import FollowUpStatus


class HouseholdFilter(django_filters.FilterSet):
    assigned_peer = django_filters.NumberFilter(method="filter_assigned_peer")
    registered_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    registered_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")
    unassigned = django_filters.BooleanFilter(method="filter_unassigned")

    class Meta:
        model = Household
        fields = ["status", "team", "neighbourhood_code", "postcode", "referral_source"]

    def filter_assigned_peer(self, queryset, name, value):
        return queryset.filter(
            Q(assignments__lead_id=value) | Q(assignments__buddy_id=value),
            assignments__ended_at__isnull=True,
        )

    def filter_unassigned(self, queryset, name, value):
        current = {"assignments__ended_at__isnull": True}
        return queryset.exclude(**current) if value else queryset.filter(**current)


class VisitFilter(django_filters.FilterSet):
    started_after = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lte")
    peer = django_filters.NumberFilter(field_name="peers", distinct=True)

    class Meta:
        model = Visit
        fields = ["household", "kind"]


class WishFilter(django_filters.FilterSet):
    class Meta:
        model = ParticipationWish
        fields = ["household", "status", "category", "member"]


class ProvisionCheckFilter(django_filters.FilterSet):
    checked_after = django_filters.DateFilter(field_name="checked_on", lookup_expr="gte")
    checked_before = django_filters.DateFilter(field_name="checked_on", lookup_expr="lte")

    class Meta:
        model = ProvisionCheck
        fields = ["household", "provision", "outcome"]


class FollowUpFilter(django_filters.FilterSet):
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = FollowUp
        fields = ["household", "status", "responsible", "wish", "provision_check"]

    def filter_overdue(self, queryset, name, value):
        overdue = {"status": FollowUpStatus.OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
