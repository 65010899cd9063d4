"""The local offer: what a household can take part in or apply to, per municipality. Read
by everyone who works in the municipality; kept by the municipality and its coordinators
(outreach.policies: can_keep_offer, can_edit_offer). Nothing is deleted: an entry that
ends is made inactive or gets an end date."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, serializers

from api.base import ServiceCreateMixin, ServiceUpdateMixin, ServiceViewSet
from api.filters import FilterSet
from outreach import policies
from outreach.models import LocalOffer, Municipality, WishCategory
from outreach.querysets import offer_municipalities_kept_by
from outreach.selectors.offer import current_offers, fitting_category, offer_list
from outreach.services.offer import EDITABLE_FIELDS, offer_create, offer_update


class KeptMunicipalityField(serializers.PrimaryKeyRelatedField):
    """A municipality whose offer the caller keeps; any other reads as unknown."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Municipality.objects.none()
        return offer_municipalities_kept_by(request.user)


class OfferSerializer(serializers.ModelSerializer):
    municipality = KeptMunicipalityField(
        required=False,
        help_text=_("Defaults to your own municipality when you keep the offer of one."),
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=WishCategory.choices),
        required=False,
        max_length=len(WishCategory.choices),
        help_text=_("The kinds of wish it fits; empty: every kind."),
    )
    current = serializers.SerializerMethodField()

    class Meta:
        model = LocalOffer
        fields = ["id", "municipality", *EDITABLE_FIELDS, "current"]

    def get_current(self, offer) -> bool:
        """Active and valid today: a wish can be linked to it."""
        return offer.is_current()

    def validate_municipality(self, municipality):
        if self.instance is not None and municipality.pk != self.instance.municipality_id:
            raise serializers.ValidationError(_("An entry cannot move to another municipality."))
        return municipality


class OfferFilter(FilterSet):
    category = django_filters.ChoiceFilter(
        choices=WishCategory.choices, method="filter_category", label=_("fits wishes of kind")
    )
    current = django_filters.BooleanFilter(method="filter_current", label=_("valid today"))

    class Meta:
        model = LocalOffer
        fields = ["kind", "active", "category", "current"]

    def filter_category(self, queryset, name, value):
        return fitting_category(queryset, value)

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = current_offers(queryset)
        return current if value else queryset.exclude(pk__in=current.values("pk"))


class ReadsOrKeepsOffer(permissions.BasePermission):
    """Read by who works in the municipality; added to and changed by who keeps it."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return policies.reads_offer(request.user)
        return policies.can_keep_offer(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        self.message = _("You cannot change the offer of this municipality.")
        return policies.can_edit_offer(request.user, obj)


class OfferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceCreateMixin,
    ServiceUpdateMixin,
    ServiceViewSet,
):
    """The local offer of your municipality: clubs, courses, community centre activities and
    the funds that pay for them (kind `fund`). A participation wish can be linked to a
    current entry (`offer` on a wish)."""

    serializer_class = OfferSerializer
    permission_classes = [ReadsOrKeepsOffer]
    filterset_class = OfferFilter
    search_fields = ["name", "audience", "cost"]
    ordering_fields = ["name", "valid_until"]

    def get_queryset(self):
        return offer_list(user=self.request.user)

    def perform_service_create(self, data):
        municipality = data.pop("municipality", None) or self._only_municipality()
        return offer_create(municipality=municipality, created_by=self.request.user, data=data)

    def perform_service_update(self, record, data):
        data.pop("municipality", None)
        return offer_update(offer=record, changed_by=self.request.user, data=data)

    def _only_municipality(self) -> Municipality:
        municipalities = list(offer_municipalities_kept_by(self.request.user)[:2])
        if len(municipalities) != 1:
            raise serializers.ValidationError({"municipality": [_("Choose the municipality.")]})
        return municipalities[0]
