"""The phone pages of an STA-team member. Plain forms with POST/redirect/GET, so all of it
works without JavaScript; static/peer/app.js only adds the offline queue and drafts."""

import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from outreach import events
from outreach.forms.peer import (
    REGISTRATION_SCOPES,
    ConsentGiveForm,
    FirstContactForm,
    ProfileForm,
    RegisterForm,
    VisitForm,
)
from outreach.models import Consent, ConsentScope, EditConflict, FollowUp, Household, Visit
from outreach.models.conflicts import ConflictRecordType
from outreach.policies import can_propose_candidate, can_register_household, works_on_cases
from outreach.querysets import awaits_privacy_instruction, visible_to
from outreach.selectors import catalogue
from outreach.selectors import offer as offer_selectors
from outreach.selectors import today as selectors
from outreach.selectors.appreciation import recent_milestones, thanks_shown
from outreach.selectors.areas import neighbourhood_choices
from outreach.selectors.candidates import may_be_proposed
from outreach.selectors.team_care import my_meetings
from outreach.services.conflicts import MODELS
from outreach.services.consent import (
    consent_give,
    consent_withdraw,
    contact_refused,
    home_visit_consent_withdrawn,
)
from outreach.services.first_contacts import first_contact_note
from outreach.services.follow_ups import follow_up_complete
from outreach.services.households import household_register
from outreach.services.provision_checks import NON_USE_OUTCOMES
from outreach.services.record_changes import record_change
from outreach.services.visits import RecordChange, visit_log_with_records
from outreach.views.conflict_choice import resolve_as_chosen

# Sent by static/peer/app.js and the service worker with every request they make themselves.
SCRIPT_HEADER = "X-Outreach-Client"


def case_worker_required(view):
    """Logged in, and someone who handles cases: the municipality gets 403 here."""
    login_page = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if SCRIPT_HEADER in request.headers:
                # A redirect to the login page looks like "saved" to a script; a 401 tells it
                # the login has ended, so it keeps the visit on the phone until the next login.
                return HttpResponse(status=401)
            return login_page(request, *args, **kwargs)
        if not works_on_cases(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _household_or_404(request, household_id: int, all_visits: bool = False) -> Household:
    """The household a page shows, its opening logged (audit)."""
    try:
        household = selectors.household_page(
            user=request.user, household_id=household_id, all_visits=all_visits
        )
    except Household.DoesNotExist as missing:
        raise Http404 from missing
    _log_opened(request, household)
    return household


def _log_opened(request, household: Household) -> None:
    """Log (audit) that a page of this household was opened."""
    # The service worker copies the pages of my households to the phone for offline use. A
    # copy announced at the start of its sync is in the sync's one entry; any other is logged.
    synced = request.headers.get(SCRIPT_HEADER) == "sync"
    if not (synced and household.pk in _announced_households(request)):
        with translation.override(settings.LANGUAGE_CODE):
            detail = _("copied to the phone") if synced else ""
        events.case_viewed.send(sender=None, request=request, household=household, detail=detail)


# The phone's sync announces which households it is about to copy (sync_start): one entry in
# the access log, and a token its copies carry for this long.
SYNC_TOKEN_SALT = "outreach.peer.sync"  # noqa: S105 (a signing salt, not a secret)
SYNC_TOKEN_SECONDS = 15 * 60
SYNC_HOUSEHOLDS_MAX = 500


def _announced_households(request) -> set[int]:
    """The households the sync named in the token this request carries, for its user."""
    try:
        announced = signing.loads(
            request.headers.get("X-Outreach-Sync", ""),
            salt=SYNC_TOKEN_SALT,
            max_age=SYNC_TOKEN_SECONDS,
        )
    except signing.BadSignature:
        return set()
    if announced.get("user") != request.user.pk:
        return set()
    return set(announced.get("households", []))


@case_worker_required
def sync_start(request):
    """The phone is about to copy the pages of these households (?households=1,2,3): log it
    as one entry saying how many, naming their references, and answer a token for the
    copies. Households I may not see are left out (their pages answer 404 anyway)."""
    try:
        wanted = [
            int(part) for part in request.GET.get("households", "").split(",") if part.strip()
        ][:SYNC_HOUSEHOLDS_MAX]
    except ValueError:
        return HttpResponse(status=400)
    references = selectors.references_of(user=request.user, household_ids=wanted)
    if references:
        with translation.override(settings.LANGUAGE_CODE):
            detail = ngettext(
                "Copied %(count)d case to the phone: %(references)s",
                "Copied %(count)d cases to the phone: %(references)s",
                len(references),
            ) % {"count": len(references), "references": ", ".join(references.values())}
        events.case_viewed.send(sender=None, request=request, detail=detail)
    token = signing.dumps(
        {"user": request.user.pk, "households": sorted(references)}, salt=SYNC_TOKEN_SALT
    )
    return JsonResponse({"token": token, "households": len(references)})


def today(request):
    search = request.GET.get("q", "")
    events.list_viewed.send(sender=None, request=request)
    households = list(selectors.my_households(user=request.user, search=search))
    return render(
        request,
        "outreach/peer/today.html",
        {
            "follow_ups": selectors.follow_ups_due_with_lateness(user=request.user),
            "households": households,
            "search": search,
            # The next trainings and meetings of the peer's teams (one query).
            "meetings": list(
                my_meetings(user=request.user)
                .filter(held_on__gte=timezone.localdate())
                .order_by("held_on", "pk")[:3]
            ),
            # Asked only when the list is empty: that is when it explains something.
            "awaits_privacy_instruction": not households
            and not search
            and awaits_privacy_instruction(request.user),
            # Appreciation: a milestone reached lately, thank-yous not yet put away
            "milestones": recent_milestones(user_ids=[request.user.pk])[:3],
            "thanks": thanks_shown(user=request.user),
            "this_year": timezone.localdate().year,
        },
    )


def _shown_value(record_type: str, name: str, value):
    """A conflicting value as the peer knows it: the label of a choice, not its code."""
    model = MODELS[record_type]
    field = model._meta.get_field(name)
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    return "—" if value in (None, "") else value


def _conflict_rows(conflict: EditConflict) -> list[dict]:
    model = MODELS[conflict.record_type]
    return [
        {
            "field": model._meta.get_field(name).verbose_name,
            "submitted": _shown_value(conflict.record_type, name, conflict.submitted.get(name)),
            "current": _shown_value(conflict.record_type, name, value),
        }
        for name, value in conflict.current.items()
    ]


@case_worker_required
def household_detail(request, household_id: int):
    household = _household_or_404(
        request, household_id, all_visits=request.GET.get("visits") == "all"
    )
    standing = {consent.scope: consent for consent in household.standing_consents}
    refused = contact_refused(household)
    open_wishes = selectors.open_wishes(household)
    funds = offer_selectors.fund_suggestions(household=household, wishes=open_wishes)
    return render(
        request,
        "outreach/peer/household.html",
        {
            "household": household,
            "contact_refused": refused,
            "consent_never_recorded": refused and not home_visit_consent_withdrawn(household),
            "neighbourhood": selectors.neighbourhood_name(household),
            "consents": [(label, standing.get(scope)) for scope, label in ConsentScope.choices],
            "open_wishes": [(wish, funds.get(wish.pk, [])) for wish in open_wishes],
            "follow_ups": selectors.open_follow_ups(household),
            "conflicts": [
                (conflict, ConflictRecordType(conflict.record_type).label, _conflict_rows(conflict))
                for conflict in household.open_conflicts
            ],
            "buddy": selectors.buddy_of(user=request.user, household=household),
            "application_outcomes": NON_USE_OUTCOMES,
            "may_be_proposed": hasattr(household, "plan")
            and can_propose_candidate(request.user, household)
            and may_be_proposed(household),
        },
    )


def _already_logged(household: Household, client_uuid: str | None) -> bool:
    try:
        client_uuid = uuid.UUID(client_uuid or "")
    except ValueError:
        return False
    return Visit.objects.filter(household=household, client_uuid=client_uuid).exists()


def _already_registered(user, client_uuid: str | None) -> bool:
    try:
        client_uuid = uuid.UUID(client_uuid or "")
    except ValueError:
        return False
    return Household.objects.filter(client_uuid=client_uuid, registered_by=user).exists()


@case_worker_required
def visit_log_page(request, household_id: int):
    try:
        household = selectors.visit_form_household(
            user=request.user, household_id=household_id, closed_too=request.method == "POST"
        )
    except Household.DoesNotExist as missing:
        raise Http404 from missing
    _log_opened(request, household)
    buddy = selectors.buddy_of(user=request.user, household=household)
    form_arguments = {
        "household": household,
        "provisions": catalogue.household_catalogue(household=household),
        "offers": offer_selectors.offers_for_household(household=household),
        "kind_default": selectors.last_visit_kind(user=request.user),
    }
    if request.method == "POST" and _already_logged(household, request.POST.get("client_uuid")):
        # A resend (double tap, a phone back online): the first one counts, nothing else.
        messages.info(request, _("This visit was already saved."))
        return redirect("peer:household", household_id=household.pk)
    form = VisitForm(request.POST or None, **form_arguments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wishes, checks, done = form.changes()
        try:
            report = visit_log_with_records(
                household=household,
                recorded_by=request.user,
                client_uuid=data["client_uuid"],
                kind=data["kind"],
                duration_minutes=data["duration_minutes"],
                started_at=data["started_at"],
                notes=data["notes"],
                peer_ids=[request.user.pk, buddy.pk]
                if buddy and data["with_buddy"]
                else [request.user.pk],
                new_wishes=form.new_wishes(),
                new_checks=form.new_checks(),
                new_follow_ups=form.new_follow_ups(),
                wish_changes=[RecordChange(*change) for change in wishes],
                check_changes=[RecordChange(*change) for change in checks],
                follow_ups_done=[RecordChange(*change) for change in done],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if not report.created:
                messages.info(request, _("This visit was already saved."))
            elif report.conflicts:
                messages.warning(
                    request,
                    _(
                        "Visit saved. Someone else changed the same thing meanwhile: "
                        "choose below which value is right."
                    ),
                )
            else:
                messages.success(request, _("Visit saved."))
            return redirect("peer:household", household_id=household.pk)
    return render(
        request,
        "outreach/peer/visit_form.html",
        {"household": household, "form": form, "buddy": buddy},
        status=400 if request.method == "POST" else 200,
    )


@case_worker_required
def consent_page(request, household_id: int):
    household = _household_or_404(request, household_id)
    texts = catalogue.current_consent_texts(
        scopes=ConsentScope.values, municipality_id=household.team.municipality_id
    )
    standing = {consent.scope: consent for consent in household.standing_consents}
    status = 200
    if request.method == "POST":
        form = ConsentGiveForm(request.POST)
        text = texts.get(request.POST.get("scope"))
        if form.is_valid() and text is not None and text.pk == form.cleaned_data["text"]:
            try:
                consent_give(
                    household=household,
                    scope=text.scope,
                    text=text,
                    method=form.cleaned_data["method"],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Consent recorded."))
            return redirect("peer:consent", household_id=household.pk)
        messages.error(request, _("The consent text has changed. Show the new text first."))
        status = 400
    language = request.LANGUAGE_CODE
    scopes = []
    for scope, label in ConsentScope.choices:
        text = texts.get(scope)
        scopes.append(
            {
                "scope": scope,
                "label": label,
                "consent": standing.get(scope),
                "text": text,
                "wording": (text.text_en if language == "en" else text.text_nl) if text else "",
                "form": ConsentGiveForm(
                    initial={"scope": scope, "text": text.pk if text else None},
                    auto_id=f"id_{scope}_%s",
                ),
            }
        )
    return render(
        request,
        "outreach/peer/consent.html",
        {"household": household, "scopes": scopes},
        status=status,
    )


@case_worker_required
def consent_withdraw_page(request, household_id: int, consent_id: int):
    """Withdraw a consent. Withdrawing consent for keeping data erases the household's
    details, so it asks first (a page that says what will happen, and a second button)."""
    consent = get_object_or_404(
        visible_to(request.user, Consent).select_related("household"),
        pk=consent_id,
        household_id=household_id,
    )
    erases = consent.scope == ConsentScope.DATA_STORAGE
    confirmed = request.method == "POST" and (not erases or request.POST.get("confirmed") == "yes")
    if not confirmed:
        return render(
            request,
            "outreach/peer/consent_withdraw.html",
            {"consent": consent, "household": consent.household, "erases": erases},
        )
    try:
        consent_withdraw(consent=consent, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("peer:consent", household_id=household_id)
    if erases:
        messages.success(request, _("Consent withdrawn. The household's details are erased."))
        return redirect("home")
    if consent.scope == ConsentScope.HOME_VISITS:
        messages.success(
            request,
            _(
                "Consent withdrawn. The household wants no contact: no visits, and its "
                "follow-ups are cancelled."
            ),
        )
    else:
        messages.success(request, _("Consent withdrawn."))
    return redirect("peer:consent", household_id=household_id)


@require_POST
@case_worker_required
def follow_up_done(request, follow_up_id: int):
    follow_up = get_object_or_404(visible_to(request.user, FollowUp), pk=follow_up_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        _done, conflict = follow_up_complete(
            follow_up=follow_up, completed_by=request.user, base_version=version
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if conflict:
            messages.warning(
                request, _("Someone else changed this follow-up meanwhile: choose what is right.")
            )
        else:
            messages.success(request, _("Follow-up done: %(what)s") % {"what": follow_up})
    if request.POST.get("next") == "today":
        return redirect("home")
    return redirect("peer:household", household_id=follow_up.household_id)


@require_POST
@case_worker_required
def conflict_resolve_page(request, household_id: int, conflict_id: int):
    conflict = get_object_or_404(
        visible_to(request.user, EditConflict), pk=conflict_id, household_id=household_id
    )
    resolve_as_chosen(request, conflict, done=_("Conflict resolved."))
    return redirect("peer:household", household_id=household_id)


def _teams_to_register_for(user) -> list:
    """The teams this peer may register a household (or note a first contact) for; none is a
    403: the page is not theirs."""
    teams = [
        team
        for team in selectors.registration_teams(user=user).select_related("municipality")
        if can_register_household(user, team.pk)
    ]
    if not teams:
        raise PermissionDenied
    return teams


def _registration_neighbourhoods(teams) -> list[tuple[str, str]]:
    """The neighbourhoods of the municipalities of these teams, by name (never a code)."""
    codes = sorted({team.municipality.code for team in teams})
    return [choice for code in codes for choice in neighbourhood_choices(municipality_code=code)]


def _municipality_chosen(request, teams) -> tuple[list, list]:
    """The teams of the one municipality a registration is for, and the municipalities still
    to choose from (none once chosen): the household agrees to that municipality's consent
    texts, so a peer in teams of two municipalities chooses first (`?municipality=`)."""
    by_municipality = {}
    for team in teams:
        by_municipality.setdefault(team.municipality, []).append(team)
    if len(by_municipality) == 1:
        return teams, []
    chosen = request.GET.get("municipality", "")
    for municipality, its_teams in by_municipality.items():
        if str(municipality.pk) == chosen:
            return its_teams, []
    return [], sorted(by_municipality, key=lambda municipality: municipality.name)


@case_worker_required
def register(request):
    teams, municipalities = _municipality_chosen(request, _teams_to_register_for(request.user))
    if municipalities:
        return render(
            request, "outreach/peer/register_municipality.html", {"municipalities": municipalities}
        )
    if request.method == "POST" and _already_registered(
        request.user, request.POST.get("client_uuid")
    ):
        # A resend (a phone back online, a double tap): the first one counts. Checked before
        # the duplicate check, which would otherwise find the household sent the first time.
        messages.info(request, _("This household was already registered."))
        return redirect(reverse("home"))
    form = RegisterForm(
        request.POST or None,
        teams=teams,
        # The teams lie in one municipality (chosen above): its own texts, else the deployment's.
        texts=catalogue.current_consent_texts(
            scopes=list(REGISTRATION_SCOPES), municipality_id=teams[0].municipality_id
        ),
        neighbourhoods=_registration_neighbourhoods(teams),
    )
    duplicates = None
    if request.method == "POST" and form.is_valid():
        team = form.teams[form.cleaned_data["team"]]
        duplicates = selectors.possible_duplicates(
            team=team,
            contact_name=form.cleaned_data["contact_name"],
            phone=form.cleaned_data["phone"],
            postcode=form.cleaned_data["postcode"],
            house_number=form.cleaned_data["house_number"],
        )
        if not duplicates.found or request.POST.get("confirmed") == "yes":
            try:
                with transaction.atomic():
                    household = household_register(
                        team=team,
                        registered_by=request.user,
                        data=form.household_data(),
                        consents=form.consents(),
                        client_uuid=form.cleaned_data["client_uuid"],
                    )
            except ValidationError as error:
                form.add_service_error(error)
                duplicates = None
            else:
                messages.success(
                    request,
                    _(
                        "Registered as %(reference)s. Your coordinator will assign the "
                        "household to a team member."
                    )
                    % {"reference": household.reference},
                )
                return redirect(reverse("home"))
    return render(
        request,
        "outreach/peer/register.html",
        {"form": form, "duplicates": duplicates, "municipality": request.GET.get("municipality")},
        status=400 if request.method == "POST" else 200,
    )


@case_worker_required
def first_contact_page(request):
    """Note a first contact without naming the household: before it has agreed to anything."""
    teams = _teams_to_register_for(request.user)
    form = FirstContactForm(
        request.POST or None, teams=teams, neighbourhoods=_registration_neighbourhoods(teams)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            first_contact_note(
                team=form.teams[data["team"]],
                noted_by=request.user,
                outcome=data["outcome"],
                referral_source=data["referral_source"],
                neighbourhood_code=data.get("neighbourhood_code") or "",
                contacted_on=data["contacted_on"],
                client_uuid=data["client_uuid"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("First contact noted. It names nobody."))
            return redirect(reverse("home"))
    return render(
        request,
        "outreach/peer/first_contact.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@case_worker_required
def profile_page(request, household_id: int):
    """The household's profile: neighbourhood, members, income, work and (with consent)
    health. Sent offline from the phone's outbox like a visit; a field changed meanwhile by
    someone else becomes a conflict to choose on the household's page."""
    household = _household_or_404(request, household_id)
    with_health = any(
        consent.scope == ConsentScope.SPECIAL_CATEGORY for consent in household.standing_consents
    )
    form = ProfileForm(
        request.POST or None,
        household=household,
        neighbourhoods=neighbourhood_choices(municipality_code=household.team.municipality.code),
        with_health=with_health,
    )
    if request.method == "POST" and form.is_valid():
        base_version = form.cleaned_data.get("version")
        data = selectors.changed_since(
            household=household, version=base_version, data=form.profile_data()
        )
        try:
            _changed, conflict = record_change(
                record=household, changed_by=request.user, data=data, base_version=base_version
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if conflict is not None:
                messages.warning(
                    request,
                    _("Someone else changed the same thing meanwhile: choose what is right."),
                )
            else:
                messages.success(request, _("Profile saved."))
            return redirect("peer:household", household_id=household.pk)
    return render(
        request,
        "outreach/peer/profile.html",
        {"household": household, "form": form},
        status=400 if request.method == "POST" else 200,
    )
