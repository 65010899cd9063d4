"""Forms of the phone pages. They shape and validate input; the services do the work."""

import re
import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.forms.rendering import FIELDS_WRITTEN_OUT
from outreach.models import (
    Barrier,
    ConsentMethod,
    ConsentScope,
    ConsentText,
    ContactOutcome,
    Household,
    IncomeSource,
    KnownToMunicipality,
    NonUseReason,
    ProvisionOutcome,
    ReferralSource,
    VisitKind,
    WishCategory,
)
from outreach.services.consent import REQUIRED_TO_REGISTER, ConsentGiven
from outreach.services.provision_checks import NON_USE_OUTCOMES, SETTLED_OUTCOMES
from outreach.workflow import WishStatus

DURATION_CHOICES = [(m, _("%(minutes)s min") % {"minutes": m}) for m in (15, 30, 45, 60, 90, 120)]


class NewWishRow(forms.Form):
    """One new participation wish; a row left empty is no wish."""

    default_renderer = FIELDS_WRITTEN_OUT  # a long form: see rendering.py

    category = forms.ChoiceField(
        label=_("Kind of wish"), choices=[("", "—"), *WishCategory.choices], required=False
    )
    member = forms.ChoiceField(label=_("For whom"), required=False)
    description = forms.CharField(label=_("The wish"), max_length=500, required=False)
    barriers = forms.MultipleChoiceField(
        label=_("What stands in the way"),
        choices=Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    offer = forms.ChoiceField(
        label=_("Where (from the local offer)"),
        required=False,
        help_text=_("A club, course or fund of the municipality where this wish can come true."),
    )

    def __init__(self, *args, household: Household, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["member"].choices = [("", _("The household"))] + [
            (str(m.pk), m.label) for m in household.members.all()
        ]
        self.offers = {str(offer.pk): offer for offer in offers}
        self.fields["offer"].choices = [("", "—")] + [
            (key, f"{offer.name} ({offer.get_kind_display().lower()})")
            for key, offer in self.offers.items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("category"):
            self.add_error("category", _("Choose what kind of wish this is."))
        if data.get("category") and not data.get("description"):
            self.add_error("description", _("Describe the wish in a few words."))
        return data

    def record(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("description"):
            return None
        member = None
        if data.get("member"):
            member = next(m for m in self.household.members.all() if str(m.pk) == data["member"])
        return {
            "category": data["category"],
            "description": data["description"],
            "barriers": data["barriers"],
            "member": member,
            "offer": self.offers.get(data.get("offer") or ""),
        }


class NewCheckRow(forms.Form):
    """One new provision check. Why it was not used, and what it is worth, are asked only for
    the outcomes where non-use was found (NON_USE_OUTCOMES): the phone hides them otherwise,
    and here they are refused otherwise."""

    default_renderer = FIELDS_WRITTEN_OUT  # a long form: see rendering.py

    provision = forms.ChoiceField(label=_("Provision"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *ProvisionOutcome.choices], required=False
    )
    non_use_reason = forms.ChoiceField(
        label=_("Why not used"), choices=[("", "—"), *NonUseReason.choices], required=False
    )
    estimated_annual_value = forms.DecimalField(
        label=_("Estimated value per year (EUR)"),
        required=False,
        min_value=0,
        max_value=100000,
        decimal_places=2,
    )

    # Shown only for these outcomes (the template's data-show-when).
    NON_USE_QUESTIONS = ("non_use_reason", "estimated_annual_value")
    shown_for_outcomes = " ".join(NON_USE_OUTCOMES)

    def __init__(self, *args, provisions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.provisions = provisions
        self.fields["provision"].choices = [("", "—")] + [
            (key, p.name) for key, p in provisions.items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("provision") and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome of the check."))
        if not data.get("provision") and (
            data.get("outcome") or data.get("non_use_reason") or data.get("estimated_annual_value")
        ):
            self.add_error("provision", _("Choose the provision that was checked."))
        if data.get("outcome") and data["outcome"] not in NON_USE_OUTCOMES:
            for name in self.NON_USE_QUESTIONS:
                if data.get(name) not in (None, ""):
                    self.add_error(name, _("This only fits when the provision was not used."))
        return data

    def record(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("provision"):
            return None
        return {
            "provision": self.provisions[data["provision"]],
            "outcome": data["outcome"],
            "non_use_reason": data.get("non_use_reason") or "",
            "estimated_annual_value": data.get("estimated_annual_value"),
        }


class NewFollowUpRow(forms.Form):
    """One new follow-up; a row without a description is none (its date has a default)."""

    default_renderer = FIELDS_WRITTEN_OUT  # a long form: see rendering.py

    description = forms.CharField(label=_("What is to be done"), max_length=500, required=False)
    due_date = forms.DateField(
        label=_("Before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("due_date", timezone.localdate() + timedelta(days=7))

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("due_date"):
            self.add_error("due_date", _("Give a date."))
        return data

    def record(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("description"):
            return None
        return {"description": data["description"], "due_date": data["due_date"]}


# The rows of new records in the visit form: prefix, row form. As many rows as the phone
# sent (it adds them without the server), at least one, at most ROWS_MAX each.
ROWS = (("wish", NewWishRow), ("check", NewCheckRow), ("follow_up", NewFollowUpRow))
ROWS_MAX = 20


class VisitForm(forms.Form):
    """One visit and what came of it. The routine part (kind, with my buddy, duration) has
    defaults; wishes, checks and follow-ups sit in folded sections below, each with rows for
    new ones (one to start with; the phone adds more)."""

    default_renderer = FIELDS_WRITTEN_OUT  # a long form: see rendering.py

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

    def __init__(
        self, *args, household: Household, provisions, kind_default: str, offers=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.household = household
        self.offers = list(offers)
        self.provisions = {str(p.pk): p for p in provisions}
        self.initial.setdefault("client_uuid", uuid.uuid4())
        self.initial.setdefault("kind", kind_default)
        self.initial.setdefault("duration_minutes", 30)
        self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
        self.rows = {prefix: self._rows(prefix, row_form) for prefix, row_form in ROWS}
        # Existing open records, each with the version it is shown at. A record closed since
        # the form was opened (a visit sent later from the phone) stays in the form when it
        # was sent, so that the peer's change becomes a conflict rather than vanishing.
        self.open_wishes, self.open_checks, self.open_follow_ups = [], [], []
        for wish in household.wishes.all():
            if (
                wish.status in (WishStatus.ARTICULATED, WishStatus.IN_PROGRESS)
                or f"wish_{wish.pk}_status" in self.data
            ):
                self.open_wishes.append(
                    self._status_row(
                        wish, f"wish_{wish.pk}", "status", wish.description, WishStatus.choices,
                        wish.status,
                    )
                )  # fmt: skip
        for check in household.provision_checks.all():
            if check.outcome not in SETTLED_OUTCOMES or f"check_{check.pk}_outcome" in self.data:
                self.open_checks.append(
                    self._status_row(
                        check, f"check_{check.pk}", "outcome", check.provision.name,
                        ProvisionOutcome.choices, check.outcome,
                    )
                )  # fmt: skip
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

    def _status_row(self, record, prefix: str, field: str, label, choices, current) -> tuple:
        """A change of status for an open record, with the version it was read at and the
        status shown (a change made meanwhile elsewhere is then a conflict, not lost)."""
        name = f"{prefix}_{field}"
        self.fields[name] = forms.ChoiceField(
            label=label, choices=choices, initial=current, required=False
        )
        self.fields[f"{prefix}_version"] = forms.IntegerField(
            required=False, widget=forms.HiddenInput, initial=record.version
        )
        self.fields[f"{prefix}_was"] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=current
        )
        return (record, self[name], self[f"{prefix}_version"])

    def _row_arguments(self, prefix: str) -> dict:
        if prefix == "wish":
            return {"household": self.household, "offers": self.offers}
        if prefix == "check":
            return {"provisions": self.provisions}
        return {}

    def _rows(self, prefix: str, row_form) -> list[forms.Form]:
        """The rows the phone sent (new_<prefix>-<n>-<field>), or one empty row."""
        numbers = sorted(
            {
                int(match[1])
                for name in self.data
                if (match := re.match(rf"^{prefix}-(\d+)-", name)) and int(match[1]) < 1000
            }
        )[:ROWS_MAX] or [0]
        return [
            row_form(
                self.data if self.is_bound else None,
                prefix=f"{prefix}-{number}",
                **self._row_arguments(prefix),
            )
            for number in numbers
        ]

    @property
    def sections_with_errors(self) -> set[str]:
        """The folded sections to open: those with a row the peer has to fix."""
        return {prefix for prefix, rows in self.rows.items() if any(row.errors for row in rows)}

    @property
    def row_forms(self) -> list[forms.Form]:
        return [row for rows in self.rows.values() for row in rows]

    def is_valid(self) -> bool:
        rows_valid = all([row.is_valid() for row in self.row_forms])
        return super().is_valid() and rows_valid

    def _new(self, prefix: str) -> list[dict]:
        return [record for row in self.rows[prefix] if (record := row.record())]

    def new_wishes(self) -> list[dict]:
        return self._new("wish")

    def new_checks(self) -> list[dict]:
        return self._new("check")

    def new_follow_ups(self) -> list[dict]:
        return self._new("follow_up")

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
        """Show a service's validation error next to the field it is about: a field of the
        visit, or of the only row of its kind; otherwise above the form."""
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            if name in self.fields:
                self.add_error(name, messages)
                continue
            rows = [row for row in self.row_forms if name in row.fields and row.has_changed()]
            if len(rows) == 1:
                rows[0].add_error(name, messages)
            else:
                self.add_error(None, messages)


class ConsentGiveForm(forms.Form):
    scope = forms.CharField(widget=forms.HiddenInput)
    text = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label=_("How was it given?"), choices=ConsentMethod.choices, initial=ConsentMethod.VERBAL
    )


YES_NO = [("", _("Not said")), ("yes", _("Yes")), ("no", _("No"))]
YES_NO_VALUES = {"": None, "yes": True, "no": False}
# The consents asked at registration, in the order they are read to the household. The first
# two are needed before a name, address or phone may be written down.
REGISTRATION_SCOPES = (
    ConsentScope.HOME_VISITS,
    ConsentScope.DATA_STORAGE,
    ConsentScope.SPECIAL_CATEGORY,
    ConsentScope.SMS,
)
# How a household says yes at the door or on the phone (a screen is not at hand there).
REGISTRATION_METHODS = [
    (method, ConsentMethod(method).label)
    for method in (ConsentMethod.VERBAL, ConsentMethod.WRITTEN, ConsentMethod.PHONE)
]


class ProfileFields(forms.Form):
    """What the household tells about itself; nothing is required. The neighbourhood is
    chosen by name from the municipality's list (left out when no names were loaded); the
    health questions are there only while (or when) special-category consent stands."""

    neighbourhood_code = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=20, initial=1)
    children_0_3 = forms.IntegerField(label=_("Children 0-3"), min_value=0, max_value=20, initial=0)
    children_4_11 = forms.IntegerField(
        label=_("Children 4-11"), min_value=0, max_value=20, initial=0
    )
    children_12_17 = forms.IntegerField(
        label=_("Children 12-17"), min_value=0, max_value=20, initial=0
    )
    main_income_source = forms.ChoiceField(
        label=_("Main income"),
        choices=IncomeSource.choices,
        initial=IncomeSource.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    paid_work = forms.ChoiceField(
        label=_("Does someone in the household have paid work?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    physical_health_problems = forms.ChoiceField(
        label=_("Problems with physical health?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    psychological_problems = forms.ChoiceField(
        label=_("Problems with mental health?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )

    PROFILE_FIELDS = (
        "neighbourhood_code",
        "adults",
        "children_0_3",
        "children_4_11",
        "children_12_17",
        "main_income_source",
        "paid_work",
        "physical_health_problems",
        "psychological_problems",
    )
    HEALTH_FIELDS = ("physical_health_problems", "psychological_problems")

    def setup_profile(self, *, neighbourhoods: list[tuple[str, str]], with_health: bool) -> None:
        if neighbourhoods:
            self.fields["neighbourhood_code"].choices = [("", _("Not known")), *neighbourhoods]
        else:
            del self.fields["neighbourhood_code"]
        if not with_health:
            for name in self.HEALTH_FIELDS:
                del self.fields[name]
        for name in ("adults", "children_0_3", "children_4_11", "children_12_17"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        for name in ("adults", "children_0_3", "children_4_11", "children_12_17"):
            if data.get(name) is None and name in self.fields:
                data[name] = self.fields[name].initial
        return data

    def profile_data(self) -> dict:
        """The answers as the household record holds them."""
        data = self.cleaned_data
        profile = {name: data[name] for name in self.PROFILE_FIELDS if name in self.fields}
        profile["main_income_source"] = profile["main_income_source"] or IncomeSource.UNKNOWN
        if "paid_work" in profile:
            paid = YES_NO_VALUES[profile.pop("paid_work")]
            profile["no_paid_work"] = None if paid is None else not paid
        for name in self.HEALTH_FIELDS:
            if name in profile:
                profile[name] = YES_NO_VALUES[profile[name]]
        return profile

    @staticmethod
    def profile_initial(household: Household) -> dict:
        def yes_no(value):
            return "" if value is None else ("yes" if value else "no")

        return {
            "neighbourhood_code": household.neighbourhood_code,
            "adults": household.adults,
            "children_0_3": household.children_0_3,
            "children_4_11": household.children_4_11,
            "children_12_17": household.children_12_17,
            "main_income_source": household.main_income_source,
            "paid_work": yes_no(
                None if household.no_paid_work is None else not household.no_paid_work
            ),
            "physical_health_problems": yes_no(household.physical_health_problems),
            "psychological_problems": yes_no(household.psychological_problems),
        }


class TeamChoice:
    """The `team` field of a form that makes a household: one of the user's own teams; with
    only one, the field is hidden and that team is taken."""

    def setup_teams(self, teams) -> None:
        self.teams = {str(team.pk): team for team in teams}
        self.fields["team"].choices = [(key, team.name) for key, team in self.teams.items()]
        if len(self.teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].required = False
            self.initial["team"] = next(iter(self.teams))

    def clean_team(self):
        return self.cleaned_data["team"] or next(iter(self.teams))


class RegisterForm(TeamChoice, ProfileFields):
    """Registration: consent first (read out, ticked, how it was given), then who and where,
    then the profile. The consents travel with the form, also from the phone's outbox."""

    # Given when the form opens (and anew by the phone's script): a resend is recognised.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    consent_method = forms.ChoiceField(
        label=_("How did the household say yes?"),
        choices=REGISTRATION_METHODS,
        initial=ConsentMethod.VERBAL,
        required=False,
        widget=forms.RadioSelect,
    )
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
    referral_source = forms.ChoiceField(
        label=_("Referred by"), choices=ReferralSource.choices, initial=ReferralSource.TEAM
    )
    known_to_municipality = forms.ChoiceField(
        label=_("Known to the municipality before"),
        choices=KnownToMunicipality.choices,
        initial=KnownToMunicipality.UNKNOWN,
    )

    CONTACT_FIELDS = ("team", "contact_name", "phone", "street", "house_number", "postcode", "city")

    def __init__(self, *args, teams, texts: dict, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_uuid", uuid.uuid4())
        self.setup_teams(teams)
        # One tick per consent, each with the id of the text version shown beside it: the
        # household agreed to that text, also when the form is sent days later offline.
        self.texts = texts
        self.consent_items = []
        for scope in REGISTRATION_SCOPES:
            text = texts.get(scope)
            if text is None:
                continue
            self.fields[f"consent_{scope}"] = forms.BooleanField(
                label=_("The household agrees"), required=False
            )
            self.fields[f"consent_{scope}_text"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=text.pk, required=False
            )
            self.consent_items.append(
                {
                    "scope": scope,
                    "label": ConsentScope(scope).label,
                    "text": text,
                    "field": self[f"consent_{scope}"],
                    "required": scope in REQUIRED_TO_REGISTER,
                }
            )
        self.setup_profile(neighbourhoods=neighbourhoods, with_health=True)

    def consent_field(self, scope: str):
        return self[f"consent_{scope}"]

    def consents(self) -> list[ConsentGiven]:
        """The consents ticked, each for the text version the page showed."""
        given = []
        data = self.cleaned_data
        known = {text.pk: text for text in self.text_versions}
        for item in self.consent_items:
            scope = item["scope"]
            if not data.get(f"consent_{scope}"):
                continue
            text = known.get(data.get(f"consent_{scope}_text")) or item["text"]
            if text.scope != scope:
                text = item["text"]
            method = data.get("consent_method") or ConsentMethod.VERBAL
            given.append(ConsentGiven(scope=scope, text=text, method=method))
        return given

    @property
    def text_versions(self):
        return ConsentText.objects.filter(
            pk__in=[self.cleaned_data.get(f"consent_{i['scope']}_text") for i in self.consent_items]
        )

    def household_data(self) -> dict:
        data = self.cleaned_data
        contact = {
            name: data[name]
            for name in ("contact_name", "phone", "street", "house_number", "postcode", "city")
        }
        contact["referral_source"] = data["referral_source"]
        contact["known_to_municipality"] = data["known_to_municipality"]
        profile = self.profile_data()
        # Health answers count only with special-category consent ticked; without it the
        # service refuses them (and the phone hides the questions).
        return {**contact, **profile}

    def add_service_error(self, error) -> None:
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            if name == "no_paid_work":
                name = "paid_work"
            self.add_error(name if name in self.fields else None, messages)


class ProfileForm(ProfileFields):
    """The household's profile, edited from its page (and offline, like a visit)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, household: Household, neighbourhoods, with_health: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.initial.setdefault("client_uuid", uuid.uuid4())
        self.initial.setdefault("version", household.version)
        for name, value in self.profile_initial(household).items():
            self.initial.setdefault(name, value)
        self.setup_profile(neighbourhoods=neighbourhoods, with_health=with_health)

    def add_service_error(self, error) -> None:
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            if name == "no_paid_work":
                name = "paid_work"
            self.add_error(name if name in self.fields else None, messages)


class FirstContactForm(TeamChoice, forms.Form):
    """A first contact: no name, address or phone, only where, how and what was said."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    team = forms.ChoiceField(label=_("Team"))
    neighbourhood_code = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    referral_source = forms.ChoiceField(
        label=_("How did the team come into contact?"),
        choices=ReferralSource.choices,
        initial=ReferralSource.TEAM,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("What did the household say?"),
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
    )
    contacted_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, teams, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_uuid", uuid.uuid4())
        self.initial.setdefault("contacted_on", timezone.localdate())
        self.setup_teams(teams)
        if neighbourhoods:
            self.fields["neighbourhood_code"].choices = [("", _("Not known")), *neighbourhoods]
        else:
            del self.fields["neighbourhood_code"]

    def add_service_error(self, error) -> None:
        for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            self.add_error(name if name in self.fields else None, messages)
