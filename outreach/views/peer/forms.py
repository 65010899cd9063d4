"""Forms of the phone pages. They shape and validate input; the services do the work."""

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    Barrier,
    ConsentMethod,
    Household,
    KnownToMunicipality,
    NonUseReason,
    ProvisionOutcome,
    ReferralSource,
    VisitKind,
    WishCategory,
)
from outreach.services.provision_checks import SETTLED_OUTCOMES
from outreach.workflow import WishStatus

DURATION_CHOICES = [(m, _("%(minutes)s min") % {"minutes": m}) for m in (15, 30, 45, 60, 90, 120)]


class VisitForm(forms.Form):
    """One visit and what came of it. The routine part (kind, with my buddy, duration) has
    defaults; wishes, checks and follow-ups sit in folded sections below."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=VisitKind.choices, widget=forms.RadioSelect
    )
    with_buddy = forms.BooleanField(required=False)
    duration_minutes = forms.TypedChoiceField(
        label=_("How long"), choices=DURATION_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    started_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    wish_category = forms.ChoiceField(
        label=_("Kind of wish"), choices=[("", "—"), *WishCategory.choices], required=False
    )
    wish_member = forms.ChoiceField(label=_("For whom"), required=False)
    wish_description = forms.CharField(label=_("The wish"), max_length=500, required=False)
    wish_barriers = forms.MultipleChoiceField(
        label=_("What stands in the way"),
        choices=Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    check_provision = forms.ChoiceField(label=_("Provision"), required=False)
    check_outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *ProvisionOutcome.choices], required=False
    )
    check_non_use_reason = forms.ChoiceField(
        label=_("Why not used"), choices=[("", "—"), *NonUseReason.choices], required=False
    )
    check_estimated_annual_value = forms.DecimalField(
        label=_("Estimated value per year (EUR)"),
        required=False,
        min_value=0,
        max_value=100000,
        decimal_places=2,
    )

    follow_up_description = forms.CharField(
        label=_("What is to be done"), max_length=500, required=False
    )
    follow_up_due_date = forms.DateField(
        label=_("Before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, household: Household, provisions, kind_default: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["wish_member"].choices = [("", _("The household"))] + [
            (str(m.pk), m.label) for m in household.members.all()
        ]
        self.provisions = {str(p.pk): p for p in provisions}
        self.fields["check_provision"].choices = [("", "—")] + [
            (key, p.name) for key, p in self.provisions.items()
        ]
        self.initial.setdefault("client_uuid", uuid.uuid4())
        self.initial.setdefault("kind", kind_default)
        self.initial.setdefault("duration_minutes", 30)
        self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
        self.initial.setdefault("follow_up_due_date", timezone.localdate() + timedelta(days=7))
        # Existing open records, each with the version it is shown at. A record closed since
        # the form was opened (a visit sent later from the phone) stays in the form when it
        # was sent, so that the peer's change becomes a conflict rather than vanishing.
        self.open_wishes, self.open_checks, self.open_follow_ups = [], [], []
        for wish in household.wishes.all():
            if (
                wish.status in (WishStatus.ARTICULATED, WishStatus.IN_PROGRESS)
                or f"wish_{wish.pk}_status" in self.data
            ):
                name = f"wish_{wish.pk}_status"
                self.fields[name] = forms.ChoiceField(
                    label=wish.description,
                    choices=WishStatus.choices,
                    initial=wish.status,
                    required=False,
                )
                self.fields[f"wish_{wish.pk}_version"] = forms.IntegerField(
                    required=False, widget=forms.HiddenInput, initial=wish.version
                )
                self.fields[f"wish_{wish.pk}_was"] = forms.CharField(
                    required=False, widget=forms.HiddenInput, initial=wish.status
                )
                self.open_wishes.append((wish, self[name], self[f"wish_{wish.pk}_version"]))
        for check in household.provision_checks.all():
            if check.outcome not in SETTLED_OUTCOMES or f"check_{check.pk}_outcome" in self.data:
                name = f"check_{check.pk}_outcome"
                self.fields[name] = forms.ChoiceField(
                    label=check.provision.name,
                    choices=ProvisionOutcome.choices,
                    initial=check.outcome,
                    required=False,
                )
                self.fields[f"check_{check.pk}_version"] = forms.IntegerField(
                    required=False, widget=forms.HiddenInput, initial=check.version
                )
                self.fields[f"check_{check.pk}_was"] = forms.CharField(
                    required=False, widget=forms.HiddenInput, initial=check.outcome
                )
                self.open_checks.append((check, self[name], self[f"check_{check.pk}_version"]))
        for follow_up in household.follow_ups.all():
            if follow_up.status == "open":
                name = f"follow_up_{follow_up.pk}_done"
                self.fields[name] = forms.BooleanField(label=follow_up.description, required=False)
                self.fields[f"follow_up_{follow_up.pk}_version"] = forms.IntegerField(
                    required=False, widget=forms.HiddenInput, initial=follow_up.version
                )
                self.open_follow_ups.append(
                    (follow_up, self[name], self[f"follow_up_{follow_up.pk}_version"])
                )

    def clean(self):
        data = super().clean()
        if data.get("wish_description") and not data.get("wish_category"):
            self.add_error("wish_category", _("Choose what kind of wish this is."))
        if data.get("wish_category") and not data.get("wish_description"):
            self.add_error("wish_description", _("Describe the wish in a few words."))
        if data.get("check_provision") and not data.get("check_outcome"):
            self.add_error("check_outcome", _("Choose the outcome of the check."))
        if data.get("follow_up_description") and not data.get("follow_up_due_date"):
            self.add_error("follow_up_due_date", _("Give a date."))
        return data

    def new_wishes(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("wish_description"):
            return []
        member = None
        if data.get("wish_member"):
            member = self.household.members.get(pk=data["wish_member"])
        return [
            {
                "category": data["wish_category"],
                "description": data["wish_description"],
                "barriers": data["wish_barriers"],
                "member": member,
            }
        ]

    def new_checks(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("check_provision"):
            return []
        return [
            {
                "provision": self.provisions[data["check_provision"]],
                "outcome": data["check_outcome"],
                "non_use_reason": data.get("check_non_use_reason") or "",
                "estimated_annual_value": data.get("check_estimated_annual_value"),
            }
        ]

    def new_follow_ups(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("follow_up_description"):
            return []
        return [
            {"description": data["follow_up_description"], "due_date": data["follow_up_due_date"]}
        ]

    def changes(self):
        """Changed statuses of open wishes and checks, and the follow-ups ticked done:
        (record, data, version the peer saw) each. A value counts as changed when it differs
        from the one shown, so an untouched field never clashes with a buddy's change."""
        data = self.cleaned_data

        def changed(prefix, record, field):
            value = data.get(f"{prefix}_{record.pk}_{field}")
            if value and value != data.get(f"{prefix}_{record.pk}_was"):
                return {field: value}, data[f"{prefix}_{record.pk}_version"]
            return None, None

        wishes, checks = [], []
        for wish, _field, _version in self.open_wishes:
            change, version = changed("wish", wish, "status")
            if change:
                wishes.append((wish, change, version))
        for check, _field, _version in self.open_checks:
            change, version = changed("check", check, "outcome")
            if change:
                checks.append((check, change, version))
        done = [
            (follow_up, {}, data[f"follow_up_{follow_up.pk}_version"])
            for follow_up, _field, _version in self.open_follow_ups
            if data.get(f"follow_up_{follow_up.pk}_done")
        ]
        return wishes, checks, done

    def add_service_error(self, error) -> None:
        """Show a service's validation error next to the field it is about."""
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            for prefix in ("", "wish_", "check_", "follow_up_"):
                if prefix + name in self.fields:
                    self.add_error(prefix + name, messages)
                    break
            else:
                self.add_error(None, messages)


class ConsentGiveForm(forms.Form):
    scope = forms.CharField(widget=forms.HiddenInput)
    text = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label=_("How was it given?"), choices=ConsentMethod.choices, initial=ConsentMethod.VERBAL
    )


class RegisterForm(forms.Form):
    # Given when the form opens (and anew by the phone's script): a resend is recognised.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    team = forms.ChoiceField(label=_("Team"))
    contact_name = forms.CharField(label=_("Contact name"), max_length=120)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    street = forms.CharField(label=_("Street"), max_length=120, required=False)
    house_number = forms.CharField(label=_("House number"), max_length=12, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=20, initial=1)
    children_0_3 = forms.IntegerField(label=_("Children 0-3"), min_value=0, max_value=20, initial=0)
    children_4_11 = forms.IntegerField(
        label=_("Children 4-11"), min_value=0, max_value=20, initial=0
    )
    children_12_17 = forms.IntegerField(
        label=_("Children 12-17"), min_value=0, max_value=20, initial=0
    )
    referral_source = forms.ChoiceField(
        label=_("Referred by"), choices=ReferralSource.choices, initial=ReferralSource.TEAM
    )
    known_to_municipality = forms.ChoiceField(
        label=_("Known to the municipality before"),
        choices=KnownToMunicipality.choices,
        initial=KnownToMunicipality.UNKNOWN,
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_uuid", uuid.uuid4())
        self.teams = {str(team.pk): team for team in teams}
        self.fields["team"].choices = [(key, team.name) for key, team in self.teams.items()]
        if len(self.teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].required = False
            self.initial["team"] = next(iter(self.teams))

    def clean_team(self):
        return self.cleaned_data["team"] or next(iter(self.teams))

    def household_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("team")
        data.pop("client_uuid")
        return data

    def add_service_error(self, error) -> None:
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            self.add_error(name if name in self.fields else None, messages)
