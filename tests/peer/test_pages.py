"""The phone pages of an STA-team member, without JavaScript: plain forms, POST/redirect/GET."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from outreach.models import (
    Consent,
    ConsentScope,
    EditConflict,
    FollowUp,
    Household,
    Provision,
    Visit,
)
from outreach.services.wishes import wish_update
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    VisitFactory,
    WishFactory,
    consent_form_fields,
)
from tests.peer.helpers import default_post_data, read_form, text_of, visible_inputs


@pytest.fixture
def peer_client(client, world):
    client.force_login(world.peer)
    return client


def visit_url(household):
    return reverse("peer:visit", args=[household.pk])


def routine_visit(client, household, **changes):
    """Open the visit form and send it as it comes, with some changes."""
    page = client.get(visit_url(household)).content.decode()
    data = default_post_data(read_form(page, visit_url(household)))
    data.update(changes)
    return client.post(visit_url(household), data)


# Today


def test_today_lists_my_due_follow_ups_first_then_my_households(peer_client, world):
    # Given an overdue follow-up of mine and one for next week
    overdue = FollowUpFactory(
        household=world.household, responsible=world.peer, description="Bel de school"
    )
    FollowUp.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    # When I open Today
    page = text_of(peer_client.get("/").content.decode())
    # Then the overdue one is listed under "due", the other is not, and my household is listed
    due_part, households_part = page.split("Mijn huishoudens")
    assert "Bel de school" in due_part
    assert "Aanvraag invullen" not in due_part
    assert world.household.reference in households_part
    assert world.other_household.reference not in page
    assert "1 open wens" in households_part


def test_an_overdue_follow_up_says_so_in_words_and_dates_are_dutch(peer_client, world):
    # Given a follow-up two days late, one a day late and one due today
    today = timezone.localdate()
    for days, what in ((2, "Bel de school"), (1, "Stuur de brief"), (0, "Vul het formulier in")):
        follow_up = FollowUpFactory(
            household=world.household, responsible=world.peer, description=what
        )
        FollowUp.objects.filter(pk=follow_up.pk).update(due_date=today - timedelta(days=days))
    # When I open Today
    cards = text_of(peer_client.get("/").content.decode()).split("Mijn huishoudens")[0]
    # Then lateness is in words (not only a coloured border), with Dutch plurals and dates
    with translation.override("nl"):
        late_date = date_format(today - timedelta(days=2), "j F")
    assert f"2 dagen te laat · Uiterlijk {late_date}" in cards
    assert "1 dag te laat" in cards
    assert cards.count("te laat") == 2  # the one due today is not late
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", cards)


def test_the_household_page_writes_dates_the_dutch_way(peer_client, world):
    follow_up = FollowUpFactory(household=world.household, responsible=world.peer)
    FollowUp.objects.filter(pk=follow_up.pk).update(due_date=date(2026, 11, 30))
    VisitFactory(
        household=world.household, started_at=timezone.make_aware(datetime(2026, 3, 5, 10))
    )
    page = text_of(
        peer_client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    )
    assert "Uiterlijk 30 november 2026" in page
    assert "5 maart 2026 10:00" in page


def test_today_marks_a_household_with_a_change_to_choose(peer_client, world):
    # Given the buddy changed a wish that the peer then changed on the old version
    wish = world.household.wishes.get()
    page = peer_client.get(visit_url(world.household)).content.decode()
    data = default_post_data(read_form(page, visit_url(world.household)))
    wish_update(wish=wish, changed_by=world.buddy, data={"status": "in_progress"})
    data[f"wish_{wish.pk}_status"] = "realised"
    peer_client.post(visit_url(world.household), data)
    # Then Today says so at the household, so a visit sent later from the outbox is seen too
    today = text_of(peer_client.get("/").content.decode())
    assert "1 wijziging botst: kies wat klopt" in today


def test_today_searches_my_households_by_reference_or_name(peer_client, world):
    second = HouseholdFactory(team=world.household.team, contact_name="Fam. Jansen")
    AssignmentFactory(household=second, lead=world.peer)
    page = peer_client.get("/", {"q": "jansen"}).content.decode()
    assert second.reference in page
    assert world.household.reference not in page
    page = peer_client.get("/", {"q": world.household.reference}).content.decode()
    assert world.household.reference in page and second.reference not in page


def test_today_query_count_does_not_grow_with_households(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.peer)
    client.get("/")
    for _ in range(30):
        household = HouseholdFactory(team=world.household.team)
        AssignmentFactory(household=household, lead=world.peer)
        VisitFactory(household=household)
        FollowUpFactory(household=household, responsible=world.peer, due_date=timezone.localdate())
    # session, user, follow-ups, households, the next meetings, milestones and thank-yous,
    # the access-log entry
    # (+ savepoints)
    with django_assert_max_num_queries(13):
        response = client.get("/")
    assert response.content.decode().count("data-household-url") == 31


# Household page


def test_household_page_shows_the_essentials_and_history(peer_client, world):
    page = text_of(
        peer_client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    )
    assert world.household.contact_name in page
    assert "Op voetbal" in page  # open wish
    assert "Zorgtoeslag" in page  # provision check
    assert "Aanvraag invullen" in page  # follow-up
    assert "Huisbezoek" in page  # a visit
    assert "Toestemming" in page


def test_household_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    client.force_login(world.peer)
    for _ in range(20):
        VisitFactory(household=world.household, peers=[world.peer])
        WishFactory(household=world.household)
    with django_assert_max_num_queries(16):
        client.get(reverse("peer:household", args=[world.household.pk]))


# Logging a visit


def test_routine_visit_takes_at_most_six_fields_besides_the_notes(peer_client, world):
    # Given the visit form as it opens
    page = peer_client.get(visit_url(world.household)).content.decode()
    fields = read_form(page, visit_url(world.household))
    # Then without unfolding anything, at most six things can be touched besides the notes
    touchable = visible_inputs(fields) - {"notes"}
    assert touchable <= {"kind", "with_buddy", "duration_minutes"}
    assert len(touchable) + 1 <= 6  # plus the save button
    # And sending it as it comes logs a visit now, by me, of my last kind, 30 minutes
    response = routine_visit(peer_client, world.household, notes="Koffie gedronken")
    assert response.status_code == 302
    visit = Visit.objects.get(notes="Koffie gedronken")
    assert visit.recorded_by == world.peer
    assert list(visit.peers.all()) == [world.peer]
    assert visit.duration_minutes == 30
    assert abs(visit.started_at - timezone.now()) < timedelta(minutes=2)


def test_visit_kind_defaults_to_the_last_kind_i_used(peer_client, world):
    routine_visit(peer_client, world.household, kind="phone_call")
    page = peer_client.get(visit_url(world.household)).content.decode()
    fields = read_form(page, visit_url(world.household))
    checked = [f["value"] for f in fields if f["name"] == "kind" and "checked" in f]
    assert checked == ["phone_call"]


def test_visit_with_my_buddy_records_both(peer_client, world):
    routine_visit(peer_client, world.household, with_buddy="on", notes="samen")
    assert set(Visit.objects.get(notes="samen").peers.all()) == {world.peer, world.buddy}


def test_a_buddy_whose_account_was_switched_off_is_not_offered_for_the_visit(peer_client, world):
    # Given a buddy whose account was switched off while still on the case
    world.buddy.is_active = False
    world.buddy.save()
    # Then the visit form does not offer "with my buddy", and the visit is logged without them
    page = peer_client.get(visit_url(world.household)).content.decode()
    assert "with_buddy" not in {f["name"] for f in read_form(page, visit_url(world.household))}
    response = routine_visit(peer_client, world.household, with_buddy="on", notes="alleen")
    assert response.status_code == 302
    assert list(Visit.objects.get(notes="alleen").peers.all()) == [world.peer]


def test_sending_the_same_visit_twice_makes_one_visit(peer_client, world):
    page = peer_client.get(visit_url(world.household)).content.decode()
    data = default_post_data(read_form(page, visit_url(world.household)))
    data.update({"notes": "dubbel getikt", "wish-0-category": "sport"})
    data["wish-0-description"] = "Zwemles"
    first = peer_client.post(visit_url(world.household), data)
    second = peer_client.post(visit_url(world.household), data, follow=True)
    assert first.status_code == 302
    assert Visit.objects.filter(notes="dubbel getikt").count() == 1
    assert world.household.wishes.filter(description="Zwemles").count() == 1
    assert "al opgeslagen" in second.content.decode()


def test_visit_logs_a_wish_a_provision_check_and_a_follow_up_in_one_go(peer_client, world):
    provision = Provision.objects.get(name="Kwijtschelding gemeentelijke belastingen")
    due = timezone.localdate() + timedelta(days=3)
    response = routine_visit(
        peer_client,
        world.household,
        notes="Veel besproken",
        **{
            "wish-0-category": "culture",
            "wish-0-description": "Naar het theater",
            "wish-0-barriers": ["cost", "transport"],
            "check-0-provision": str(provision.pk),
            "check-0-outcome": "non_use_found",
            "check-0-non_use_reason": "too_complex",
            "follow_up-0-description": "Formulier kwijtschelding meenemen",
            "follow_up-0-due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    household = world.household
    wish = household.wishes.get(description="Naar het theater")
    assert wish.barriers == ["cost", "transport"]
    check = household.provision_checks.get(provision=provision)
    assert check.non_use_reason == "too_complex"
    assert check.estimated_annual_value == provision.typical_annual_value
    follow_up = household.follow_ups.get(description="Formulier kwijtschelding meenemen")
    assert follow_up.due_date == due and follow_up.responsible == world.peer


def test_a_failing_part_saves_nothing_and_shows_the_error(peer_client, world):
    visits_before = Visit.objects.count()
    response = routine_visit(
        peer_client,
        world.household,
        notes="Kwijt?",
        **{
            "wish-0-category": "sport",
            "wish-0-description": "Judo",
            "follow_up-0-description": "Terugbellen",
            "follow_up-0-due_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Kwijt?" in page  # nothing typed is lost
    assert Visit.objects.count() == visits_before
    assert not world.household.wishes.filter(description="Judo").exists()


def test_a_visit_adds_as_many_wishes_checks_and_follow_ups_as_rows_were_sent(peer_client, world):
    # Given a visit form to which the phone added rows (numbered as it likes)
    provisions = list(Provision.objects.filter(active=True).order_by("name")[:2])
    rows = {
        "wish-0-category": "sport",
        "wish-0-description": "Zwemmen",
        "wish-3-category": "culture",
        "wish-3-description": "Bibliotheek",
        "check-0-provision": str(provisions[0].pk),
        "check-0-outcome": "already_used",
        "check-1-provision": str(provisions[1].pk),
        "check-1-outcome": "non_use_found",
        "check-1-non_use_reason": "shame",
        "follow_up-0-description": "Bellen",
        "follow_up-0-due_date": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "follow_up-1-description": "Langsgaan",
        "follow_up-1-due_date": (timezone.localdate() + timedelta(days=9)).isoformat(),
        "follow_up-2-description": "",  # a row left empty is no follow-up
    }
    # When it is saved
    response = routine_visit(peer_client, world.household, notes="Drie rijen", **rows)
    # Then each row is a record
    assert response.status_code == 302
    household = world.household
    assert household.wishes.filter(description__in=["Zwemmen", "Bibliotheek"]).count() == 2
    assert household.provision_checks.filter(provision__in=provisions).count() == 2
    assert household.follow_ups.filter(description__in=["Bellen", "Langsgaan"]).count() == 2


def test_each_row_is_checked_and_a_wrong_one_saves_nothing(peer_client, world):
    # Given a second wish row without a description
    response = routine_visit(
        peer_client,
        world.household,
        notes="Rij twee mist iets",
        **{
            "wish-0-category": "sport",
            "wish-0-description": "Zwemmen",
            "wish-1-category": "culture",
        },
    )
    # Then the visit is refused, pointing at that row's field, and nothing is saved
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_wish-1-description"' in page
    assert 'name="wish-1-category"' in page  # the row is shown again, as sent
    assert not Visit.objects.filter(notes="Rij twee mist iets").exists()


def test_the_visit_form_starts_with_one_row_of_each_and_a_button_to_add_more(peer_client, world):
    page = peer_client.get(visit_url(world.household)).content.decode()
    for prefix in ("wish", "check", "follow_up"):
        assert f'name="{prefix}-0-' in page and f'name="{prefix}-1-' not in page
        assert f'data-add-row="{prefix}" hidden' in page  # offered by the script only


def test_the_visit_form_asks_about_open_wishes_checks_and_follow_ups_only(peer_client, world):
    # Given a household with open and closed wishes, provision checks and follow-ups
    open_wish = world.household.wishes.get()
    open_check = world.household.provision_checks.get()
    open_follow_up = world.household.follow_ups.get()
    realised = WishFactory(household=world.household, status="realised")
    granted = ProvisionCheckFactory(household=world.household, outcome="granted")
    done = FollowUpFactory(household=world.household, responsible=world.peer, status="done")
    # When I open the visit form
    page = peer_client.get(visit_url(world.household)).content.decode()
    # Then it offers a change to the open ones only
    assert f'name="wish_{open_wish.pk}_status"' in page
    assert f'name="check_{open_check.pk}_outcome"' in page
    assert f'name="follow_up_{open_follow_up.pk}_done"' in page
    assert f'name="wish_{realised.pk}_status"' not in page
    assert f'name="check_{granted.pk}_outcome"' not in page
    assert f'name="follow_up_{done.pk}_done"' not in page


@pytest.mark.parametrize("outcome", ["already_used", "not_eligible"])
def test_why_not_used_is_refused_for_an_outcome_where_it_does_not_apply(
    peer_client, world, outcome
):
    provision = Provision.objects.filter(active=True).first()
    response = routine_visit(
        peer_client,
        world.household,
        notes="Reden past niet",
        **{
            "check-0-provision": str(provision.pk),
            "check-0-outcome": outcome,
            "check-0-non_use_reason": "shame",
        },
    )
    assert response.status_code == 400
    assert 'href="#id_check-0-non_use_reason"' in response.content.decode()
    assert not Visit.objects.filter(notes="Reden past niet").exists()


def test_why_not_used_is_shown_only_for_the_outcomes_where_it_applies(peer_client, world):
    page = peer_client.get(visit_url(world.household)).content.decode()
    shown_for = re.search(r'data-show-when="check-0-outcome" data-show-values="([^"]*)"', page)[
        1
    ].split()
    assert sorted(shown_for) == ["application_in_progress", "granted", "non_use_found", "rejected"]


def test_missing_duration_is_an_announced_field_error(peer_client, world):
    response = routine_visit(peer_client, world.household, duration_minutes="")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_ticking_a_follow_up_done_in_the_visit_closes_it_with_a_note(peer_client, world):
    follow_up = world.household.follow_ups.get()
    routine_visit(peer_client, world.household, **{f"follow_up_{follow_up.pk}_done": "on"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    assert "bezoek" in follow_up.completion_note.lower()


def test_a_granted_provision_closes_its_follow_up_noting_why(peer_client, world):
    check = world.household.provision_checks.get()
    follow_up = FollowUpFactory(
        household=world.household, responsible=world.peer, provision_check=check
    )
    routine_visit(peer_client, world.household, **{f"check_{check.pk}_outcome": "granted"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    assert "Zorgtoeslag" in follow_up.completion_note


def test_a_realised_wish_closes_its_follow_up(peer_client, world):
    wish = world.household.wishes.get()
    follow_up = FollowUpFactory(household=world.household, responsible=world.peer, wish=wish)
    routine_visit(peer_client, world.household, **{f"wish_{wish.pk}_status": "realised"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.completion_note


def test_a_stale_wish_change_is_shown_as_a_conflict_not_overwritten(peer_client, world):
    # Given I open the visit form, then my buddy sets the wish in progress
    wish = world.household.wishes.get()
    page = peer_client.get(visit_url(world.household)).content.decode()
    data = default_post_data(read_form(page, visit_url(world.household)))
    wish_update(wish=wish, changed_by=world.buddy, data={"status": "in_progress"})
    # When I send my form with the wish abandoned
    data[f"wish_{wish.pk}_status"] = "abandoned"
    response = peer_client.post(visit_url(world.household), data, follow=True)
    # Then the visit is saved, the buddy's value stays, and the page shows both values
    wish.refresh_from_db()
    assert wish.status == "in_progress"
    conflict = EditConflict.objects.get(record_id=wish.pk)
    assert conflict.submitted == {"status": "abandoned"}
    page = text_of(response.content.decode())
    assert "Kies wat klopt" in page
    assert "Mee bezig" in page or "In uitvoering" in page or "in_progress" not in page
    assert "Opgegeven" in page or "Afgehaakt" in page or "abandoned" not in page
    # When I choose the change made meanwhile
    peer_client.post(
        reverse("peer:conflict_resolve", args=[world.household.pk, conflict.pk]),
        {"use": "submitted"},
    )
    wish.refresh_from_db()
    assert wish.status == "abandoned"


def test_a_change_to_a_wish_closed_meanwhile_is_a_conflict_not_lost(peer_client, world):
    # Given a visit form opened (say offline) while the wish was open
    wish = world.household.wishes.get()
    page = peer_client.get(visit_url(world.household)).content.decode()
    data = default_post_data(read_form(page, visit_url(world.household)))
    # And the buddy gave the wish up before the visit was sent
    wish_update(wish=wish, changed_by=world.buddy, data={"status": "abandoned"})
    # When the peer's visit marking it realised arrives
    data[f"wish_{wish.pk}_status"] = "realised"
    assert peer_client.post(visit_url(world.household), data).status_code == 302
    # Then the buddy's value stands and the peer's is kept as a conflict to choose
    wish.refresh_from_db()
    assert wish.status == "abandoned"
    conflict = EditConflict.objects.get(record_id=wish.pk)
    assert conflict.submitted == {"status": "realised"}


def test_an_unchanged_wish_never_clashes_with_a_buddys_change(peer_client, world):
    wish = world.household.wishes.get()
    page = peer_client.get(visit_url(world.household)).content.decode()
    data = default_post_data(read_form(page, visit_url(world.household)))
    wish_update(wish=wish, changed_by=world.buddy, data={"status": "in_progress"})
    peer_client.post(visit_url(world.household), data)
    wish.refresh_from_db()
    assert wish.status == "in_progress"
    assert not EditConflict.objects.exists()


# Follow-up done


def test_marking_a_follow_up_done_from_today(peer_client, world):
    follow_up = world.household.follow_ups.get()
    response = peer_client.post(
        reverse("peer:follow_up_done", args=[follow_up.pk]),
        {"version": follow_up.version, "next": "today"},
    )
    assert response["Location"] == "/"
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.completed_at is not None


def test_marking_done_on_a_stale_version_shows_a_conflict(peer_client, world):
    follow_up = world.household.follow_ups.get()
    seen = follow_up.version
    from outreach.services.follow_ups import follow_up_update

    follow_up_update(follow_up=follow_up, changed_by=world.buddy, data={"status": "cancelled"})
    response = peer_client.post(
        reverse("peer:follow_up_done", args=[follow_up.pk]), {"version": seen}, follow=True
    )
    follow_up.refresh_from_db()
    assert follow_up.status == "cancelled"
    assert EditConflict.objects.filter(record_id=follow_up.pk).exists()
    assert "Kies wat klopt" in text_of(response.content.decode())


# Consent


def test_consent_is_recorded_with_the_text_version_and_withdrawn_scope_by_scope(peer_client, world):
    url = reverse("peer:consent", args=[world.household.pk])
    page = peer_client.get(url).content.decode()
    assert "2026-1" in page  # the version of the text shown
    fields = read_form(page, url)
    # Home visits and keeping data were given at registration: special category, then SMS.
    sms_text = [f for f in fields if f["name"] == "text"][-1]["value"]
    response = peer_client.post(url, {"scope": "sms", "text": sms_text, "method": "verbal"})
    assert response.status_code == 302
    consent = Consent.objects.get(household=world.household, scope=ConsentScope.SMS)
    assert consent.text.version == "2026-1" and consent.recorded_by == world.peer
    peer_client.post(reverse("peer:consent_withdraw", args=[world.household.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_consent_for_an_outdated_text_is_refused(peer_client, world):
    url = reverse("peer:consent", args=[world.household.pk])
    response = peer_client.post(url, {"scope": "sms", "text": 999999, "method": "verbal"})
    assert response.status_code == 400
    assert not Consent.objects.filter(household=world.household, scope=ConsentScope.SMS).exists()


# Registering a household


def register_data(world, **changes):
    return {
        "team": str(world.household.team_id),
        "contact_name": "Fam. De Vries",
        "phone": "06 87654321",
        "street": "Markt",
        "house_number": "3",
        "postcode": "4701 XY",
        "city": "Roosendaal",
        "adults": 2,
        "children_0_3": 0,
        "children_4_11": 1,
        "children_12_17": 0,
        "referral_source": "team",
        "known_to_municipality": "unknown",
        **consent_form_fields(),
        **changes,
    }


def test_a_peer_registers_a_new_household_for_the_coordinator(peer_client, world):
    response = peer_client.post(reverse("peer:register"), register_data(world), follow=True)
    household = Household.objects.get(contact_name="Fam. De Vries")
    assert household.team == world.household.team
    assert household.status == "new"
    assert household.phone == "+31687654321"
    assert household.reference in response.content.decode()


def test_a_duplicate_in_my_team_is_shown_with_its_reference_before_saving(peer_client, world):
    data = register_data(world, phone="06 12345678")  # the phone of world.household
    response = peer_client.post(reverse("peer:register"), data)
    page = text_of(response.content.decode())
    assert world.household.reference in page
    assert "zelfde telefoonnummer" in page
    assert not Household.objects.filter(contact_name="Fam. De Vries").exists()
    # Saving anyway is one more tap
    peer_client.post(reverse("peer:register"), {**data, "confirmed": "yes"})
    assert Household.objects.filter(contact_name="Fam. De Vries").exists()


def test_a_duplicate_in_another_team_is_only_said_to_exist(peer_client, world):
    other = world.other_household
    Household.objects.filter(pk=other.pk).update(
        phone="+31699999999", postcode="4702 AA", house_number="7"
    )
    world.household.phone = ""
    Household.objects.filter(pk=world.household.pk).update(phone="")
    data = register_data(world, phone="0699999999", postcode="4702AA", house_number="7")
    page = text_of(peer_client.post(reverse("peer:register"), data).content.decode())
    assert "ergens anders" in page
    assert other.reference not in page
    assert other.contact_name not in page


def test_invalid_phone_at_registration_is_a_field_error(peer_client, world):
    response = peer_client.post(reverse("peer:register"), register_data(world, phone="12345"))
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


# Offline app pieces served from the root


def test_service_worker_is_served_from_the_root_with_full_scope(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"


def test_manifest_makes_the_app_installable(client, db):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert any(icon["sizes"] == "192x192" for icon in manifest["icons"])


# Login, language, and what the phone's scripts are told


def test_a_login_lasts_a_working_day_and_logging_out_is_one_tap(client, world, settings):
    # Given a peer logging in with the login form
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": "peer-noord-1", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    # Then the login is kept on the phone (not only until the browser closes) for a day
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(session["max-age"]) >= 12 * 3600
    # And Today offers logging out as a single button, which ends the login
    today = client.get("/").content.decode()
    assert today.count('action="/accounts/logout/"') == 1
    assert client.post("/accounts/logout/").url == "/accounts/login/"
    assert client.get("/").url.startswith("/accounts/login/")


def test_pages_are_dutch_by_default_and_english_on_request(peer_client):
    assert "Vandaag" in peer_client.get("/").content.decode()
    peer_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = peer_client.get("/").content.decode()
    assert "Today" in page and "My households" in page


def test_an_ended_login_answers_the_phones_script_401_and_saves_nothing(client, world):
    # Given a visit sent by the phone's script after the login ended
    url = visit_url(world.household)
    data = {"kind": "home_visit", "duration_minutes": "30", "notes": "Na het verlopen"}
    # Then the script hears 401 (not a redirect it would take for "saved")
    assert client.post(url, data, HTTP_X_OUTREACH_CLIENT="form").status_code == 401
    assert client.post(url, data, HTTP_X_OUTREACH_CLIENT="outbox").status_code == 401
    # And a plain form post is sent to the login page, as always
    assert client.post(url, data).url.startswith("/accounts/login/")
    assert not Visit.objects.filter(notes="Na het verlopen").exists()


def sync_entries(user):
    from audit.models import AccessLog

    return AccessLog.objects.filter(user=user, path=reverse("peer:sync"))


def test_a_sync_is_one_access_log_entry_saying_how_many_cases_were_copied(peer_client, world):
    from audit.models import AccessLog

    # Given the phone announces the copies of my household, a second one and one not mine
    second = HouseholdFactory(team=world.household.team)
    AssignmentFactory(household=second, lead=world.peer)
    ids = [world.household.pk, second.pk, world.other_household.pk]
    answer = peer_client.get(
        reverse("peer:sync"),
        {"households": ",".join(map(str, ids))},
        HTTP_X_OUTREACH_CLIENT="sync",
    ).json()
    # Then one entry says that two cases were copied, naming them, and not the other one
    (entry,) = sync_entries(world.peer)
    assert answer["households"] == 2
    assert entry.detail.startswith("2 dossiers naar de telefoon gekopieerd")
    assert world.household.reference in entry.detail and second.reference in entry.detail
    assert world.other_household.reference not in entry.detail
    # When the copies come with the sync's token, they add nothing to the log
    for household in (world.household, second):
        for url in (
            reverse("peer:household", args=[household.pk]),
            reverse("peer:visit", args=[household.pk]),
        ):
            response = peer_client.get(
                url, HTTP_X_OUTREACH_CLIENT="sync", HTTP_X_OUTREACH_SYNC=answer["token"]
            )
            assert response.status_code == 200
    assert not AccessLog.objects.filter(household__in=[world.household, second]).exists()
    # And a page opened by the peer is logged as always
    peer_client.get(reverse("peer:household", args=[world.household.pk]))
    assert AccessLog.objects.filter(household=world.household, detail="").count() == 1


def test_a_copy_without_a_valid_token_of_its_own_is_logged_on_its_own(client, world):
    from audit.models import AccessLog

    # Given a token the buddy's phone got for the household
    client.force_login(world.buddy)
    token = client.get(
        reverse("peer:sync"), {"households": world.household.pk}, HTTP_X_OUTREACH_CLIENT="sync"
    ).json()["token"]
    # When another login uses it, or a copy comes with a broken token, or none
    client.force_login(world.peer)
    url = reverse("peer:household", args=[world.household.pk])
    for sent in (token, token[:-2] + "xx", ""):
        client.get(url, HTTP_X_OUTREACH_CLIENT="sync", HTTP_X_OUTREACH_SYNC=sent)
    # Then each copy is in the log, as a copy to the phone
    logged = AccessLog.objects.filter(user=world.peer, household=world.household)
    assert list(logged.values_list("detail", flat=True)) == ["naar de telefoon gekopieerd"] * 3


def test_a_sync_with_nothing_to_copy_writes_nothing(peer_client, world):
    response = peer_client.get(
        reverse("peer:sync"), {"households": ""}, HTTP_X_OUTREACH_CLIENT="sync"
    )
    assert response.json()["households"] == 0
    assert not sync_entries(world.peer).exists()
    assert peer_client.get(reverse("peer:sync"), {"households": "x"}).status_code == 400


def test_the_sync_needs_a_login_and_is_not_for_the_municipality(client, world):
    url = reverse("peer:sync")
    assert client.get(url, HTTP_X_OUTREACH_CLIENT="sync").status_code == 401
    client.force_login(world.municipality_user)
    assert client.get(url, {"households": world.household.pk}).status_code == 403


def test_todays_stamp_of_a_household_changes_with_an_edit_of_its_records(peer_client, world):
    # Given the stamp Today gives the phone for my household
    def stamp():
        page = peer_client.get("/").content.decode()
        url = reverse("peer:household", args=[world.household.pk])
        return re.search(rf'href="{url}" data-household-url data-stamp="([^"]*)"', page)[1]

    before = stamp()
    # When the buddy changes a wish's status (no visit, no new record)
    wish_update(
        wish=world.household.wishes.get(), changed_by=world.buddy, data={"status": "in_progress"}
    )
    # Then the stamp changed, so the phone fetches its copy again
    assert stamp() != before


# The phone's outbox for a new household, the offline page, a shared phone


def test_a_registration_sent_twice_makes_one_household(peer_client, world):
    # Given a registration form's client UUID
    data = register_data(world, client_uuid="5b7c8a1e-2f7d-4a8e-9a65-1f0c2d3e4b5a")
    # When the phone's outbox sends it twice (the first answer was lost)
    first = peer_client.post(reverse("peer:register"), data, HTTP_X_OUTREACH_CLIENT="outbox")
    again = peer_client.post(reverse("peer:register"), data, HTTP_X_OUTREACH_CLIENT="outbox")
    # Then there is one household, and the second send is answered as saved, not as a
    # possible duplicate of the first
    assert first.status_code == again.status_code == 302
    assert Household.objects.filter(contact_name="Fam. De Vries").count() == 1
    assert "al geregistreerd" in text_of(peer_client.get("/").content.decode())


def test_a_registration_id_of_someone_else_is_not_taken_for_mine(client, world):
    uuid = "0d9e6c1a-3b2f-4c5d-8e7f-9a0b1c2d3e4f"
    client.force_login(world.buddy)
    client.post(reverse("peer:register"), register_data(world, client_uuid=uuid))
    client.force_login(world.peer)
    response = client.post(
        reverse("peer:register"), register_data(world, client_uuid=uuid, contact_name="Fam. Bos")
    )
    assert response.status_code == 400
    assert not Household.objects.filter(contact_name="Fam. Bos").exists()


def test_an_ended_login_answers_the_registration_script_401(client, world):
    response = client.post(
        reverse("peer:register"), register_data(world), HTTP_X_OUTREACH_CLIENT="outbox"
    )
    assert response.status_code == 401
    assert not Household.objects.filter(contact_name="Fam. De Vries").exists()


def test_the_offline_page_is_dutch_with_a_way_back_to_today(client, db):
    page = client.get(reverse("peer_offline")).content.decode()
    assert '<html lang="nl">' in page
    assert "Geen verbinding" in page and 'href="/"' in page and "Terug naar Vandaag" in page
    assert "<form" not in page  # kept on the phone: nothing of a login in it
    assert reverse("peer_offline") in client.get("/sw.js").content.decode()


def test_the_login_page_asks_whether_the_phone_is_shared(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "Deze telefoon wordt gedeeld" in page
    # Never sent to the server: the phone keeps the answer
    assert "data-shared-phone" in page and 'name="shared' not in page
