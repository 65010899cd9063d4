import django_filters
import django_filters.rest_framework
from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters as drf_filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.settings import api_settings

from outreach.models import FollowUp, Household, ParticipationWish, ProvisionCheck, Visit
from outreach.workflow import FollowUpStatus


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related record by its id, as a whole number, not looked up in its table. A look-up
    (django-filter's default for a foreign key) answers 400 for an id that does not exist and
    an empty list for one that exists outside the caller's scope, which tells anyone which
    ids exist in other teams and municipalities. Without it both are an empty list."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)  # larger is no id (and no SQL integer)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.rest_framework.FilterSet):
    """The base of every list's filters: relations are filtered by id (IdFilter)."""

    FILTER_DEFAULTS = {
        **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.ManyToManyField: {"filter_class": IdFilter, "extra": lambda f: {"distinct": True}},
    }


class FilterBackend(DjangoFilterBackend):
    """django-filter for lists, with our FilterSet also under `filterset_fields`."""

    filterset_base = FilterSet


class SearchFilter(drf_filters.SearchFilter):
    """DRF's `?search=`, offered only by lists that search something (`search_fields`).
    DRF documents and accepts it on every list, and one without search fields ignores it:
    `?search=Jansen` would hand back every row as if it had been searched."""

    def get_schema_operation_parameters(self, view):
        if not searches(view):
            return []
        return super().get_schema_operation_parameters(view)


def searches(view) -> bool:
    return bool(getattr(view, "search_fields", None))


class HouseholdFilter(FilterSet):
    assigned_peer = IdFilter(method="filter_assigned_peer")
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


class VisitFilter(FilterSet):
    started_after = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lte")
    peer = IdFilter(field_name="peers", distinct=True)

    class Meta:
        model = Visit
        fields = ["household", "kind"]


class WishFilter(FilterSet):
    class Meta:
        model = ParticipationWish
        fields = ["household", "status", "category", "member", "offer"]


class ProvisionCheckFilter(FilterSet):
    checked_after = django_filters.DateFilter(field_name="checked_on", lookup_expr="gte")
    checked_before = django_filters.DateFilter(field_name="checked_on", lookup_expr="lte")

    class Meta:
        model = ProvisionCheck
        fields = ["household", "provision", "outcome"]


class FollowUpFilter(FilterSet):
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = FollowUp
        fields = ["household", "status", "responsible", "wish", "provision_check"]

    def filter_overdue(self, queryset, name, value):
        overdue = {"status": FollowUpStatus.OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


# --- Login and security ---
ALWAYS_KNOWN = frozenset({"page", "page_size", "format"})
MULTIPLE_VALUE_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


def reject_unknown_query_parameters(request, view, queryset=None) -> None:
    """A list asked for with a query parameter it does not know answers 400 naming it.
    Without this, a misspelt filter (`?staus=open`) is ignored and the caller gets every
    row as if the filter had been applied. Known: the list's filters, search and ordering
    (as the schema documents them), the page parameters, `format`, and any names the view
    lists in `extra_query_parameters`. Called for every list by the filter backend below and
    by the paginator (for lists without filter backends); checks once per request."""
    if getattr(view, "action", None) != "list" or getattr(request, "_query_checked", False):
        return
    request._query_checked = True
    known, multiple, booleans, filters = _known(view, queryset)
    errors = {
        name: [_("Unknown filter. This list does not filter on it.")]
        for name in set(request.query_params) - known
    }
    for name, values in request.query_params.lists():
        if name not in filters:
            continue
        if any(value == "" for value in values):
            # django-filter skips an empty filter: the caller would get every row.
            errors[name] = [_("Give a value, or leave this filter out.")]
        elif name in booleans and any(value not in ("true", "false") for value in values):
            errors[name] = [_("Use true or false.")]
    # `?user=1&user=2` is ambiguous (one would be ignored) unless the filter takes several.
    errors.update(
        {
            name: [_("Give this parameter once.")]
            for name, values in request.query_params.lists()
            if len(values) > 1 and name in known and name not in multiple and name not in errors
        }
    )
    if errors:
        raise ValidationError(errors)


class RejectUnknownQueryParameters(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        reject_unknown_query_parameters(request, view, queryset)
        return queryset


def _known(view, queryset) -> tuple[set[str], set[str], set[str], set[str]]:
    """The names a list knows; of them, those that may be given more than once, the
    true/false filters, and all the filterset's filters."""
    names = set(ALWAYS_KNOWN) | set(getattr(view, "extra_query_parameters", ()))
    multiple, booleans, filters = set(), set(), set()
    backends = getattr(view, "filter_backends", ())
    filter_backend = next((b for b in backends if issubclass(b, DjangoFilterBackend)), None)
    if filter_backend is not None and queryset is not None:
        filterset_class = filter_backend().get_filterset_class(view, queryset)
        if filterset_class is not None:
            for name, field in filterset_class.base_filters.items():
                names.add(name)
                filters.add(name)
                if isinstance(field, django_filters.BooleanFilter):
                    booleans.add(name)
                if issubclass(field.field_class, MULTIPLE_VALUE_FIELDS):
                    multiple.add(name)
                # Range filters and the like read name_min / name_max.
                names.update(f"{name}_{suffix}" for suffix in _widget_suffixes(field))
    if any(issubclass(backend, drf_filters.SearchFilter) for backend in backends) and searches(
        view
    ):
        names.add(api_settings.SEARCH_PARAM)
    if OrderingFilter in backends:
        names.add(api_settings.ORDERING_PARAM)
    return names, multiple, booleans, filters


def _widget_suffixes(filter_field) -> tuple[str, ...]:
    widget = getattr(filter_field.field_class, "widget", None)
    return tuple(getattr(widget, "suffixes", ()) or ())


def reject_empty_query_values(request) -> None:
    """`?period=` is a mistake to report (400), not a request for the default: a serializer
    reading query parameters treats an empty value as absent, as for an HTML form."""
    empty = [name for name, value in request.query_params.items() if value == ""]
    if empty:
        raise ValidationError({name: [_("Give a value, or leave this out.")] for name in empty})
