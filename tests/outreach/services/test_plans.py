"""The plan made with the household, its steps on the participation ladder, the household's
own score and a signal noted after a visit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from notifications.models import HouseholdVerdict
from notifications.services.inbound import inbound_receive
from outreach.models import FollowUp, LadderStep, OwnScore, Signal, SignalStatus, SignalTheme
from outreach.services.households import household_close
from outreach.services.plans import (
    ladder_progress,
    own_score_record,
    plan_agree,
    plan_review,
)
from outreach.services.signals import signal_from_visit
from outreach.validators import personal_data_hints
from outreach.workflow import FollowUpStatus

TODAY = timezone.localdate()


def agree(world, rung=2, review_in=28):
    return plan_agree(
        household=world.household,
        agreed_by=world.peer,
        goals="Ik wil weer onder de mensen komen",
        rung=rung,
        review_on=TODAY + timedelta(days=review_in),
    )


def test_agreeing_a_plan_makes_the_review_follow_up_for_the_peer(world):
    # When the peer and the household agree a plan, reviewed in four weeks
    plan = agree(world)
    # Then a follow-up for the review is due that day, on the peer's list
    follow_up = plan.review_follow_up
    assert follow_up.due_date == TODAY + timedelta(days=28)
    assert follow_up.responsible == world.peer
    assert follow_up.status == FollowUpStatus.OPEN
    assert follow_up.description == "Plan bespreken met het huishouden"
    # And the household's place on the ladder at the start is on record, with who and when
    [step] = plan.steps.all()
    assert (step.kind, step.rung, step.on, step.recorded_by) == ("start", 2, TODAY, world.peer)


def test_a_plan_needs_the_households_own_words_a_rung_and_a_review_date_ahead(world):
    with pytest.raises(ValidationError) as empty:
        plan_agree(household=world.household, agreed_by=world.peer, goals=" ", rung=2,
                   review_on=TODAY + timedelta(days=7))  # fmt: skip
    assert "goals" in empty.value.message_dict
    with pytest.raises(ValidationError) as rung:
        agree(world, rung=7)
    assert "rung" in rung.value.message_dict
    with pytest.raises(ValidationError) as past:
        agree(world, review_in=-1)
    assert "review_on" in past.value.message_dict
    assert not FollowUp.objects.filter(description__startswith="Plan").exists()


def test_a_household_has_one_plan_which_is_reviewed_not_made_again(world):
    agree(world)
    with pytest.raises(ValidationError) as again:
        agree(world)
    assert again.value.error_dict["goals"][0].code == "has_plan"


def test_a_review_records_the_rung_closes_its_follow_up_and_plans_the_next(world):
    # Given a plan with its review follow-up
    plan = agree(world)
    first_follow_up = plan.review_follow_up
    # When the buddy reviews it: the household went up to organised activities
    step = plan_review(plan=plan, reviewed_by=world.buddy, rung=3, note="Zwemt nu wekelijks",
                       next_review_on=TODAY + timedelta(days=56))  # fmt: skip
    # Then the step is on record with who recorded it
    assert (step.kind, step.rung, step.recorded_by) == ("review", 3, world.buddy)
    # And the review's follow-up is done, a new one is due at the next review
    first_follow_up.refresh_from_db()
    assert first_follow_up.status == FollowUpStatus.DONE
    plan.refresh_from_db()
    assert plan.review_on == TODAY + timedelta(days=56)
    assert plan.review_follow_up.due_date == TODAY + timedelta(days=56)
    assert plan.review_follow_up.status == FollowUpStatus.OPEN
    assert ladder_progress(plan) == (2, 3)


def test_a_last_review_plans_no_next_one(world):
    plan = agree(world)
    plan_review(plan=plan, reviewed_by=world.peer, rung=2, next_review_on=None)
    plan.refresh_from_db()
    assert plan.review_follow_up is None
    assert not FollowUp.objects.filter(household=world.household, status="open",
                                       description__startswith="Plan").exists()  # fmt: skip


def test_a_closed_case_gets_no_plan_review(world):
    plan = agree(world)
    household_close(household=world.household, closed_by=world.coordinator,
                    reason="goals_reached", satisfaction=None, became_more_active=None)  # fmt: skip
    with pytest.raises(ValidationError):
        plan_review(plan=plan, reviewed_by=world.peer, rung=4, next_review_on=None)
    assert LadderStep.objects.filter(plan=plan).count() == 1


def test_a_paper_score_is_marked_as_such_and_the_latest_word_counts(world):
    own_score_record(household=world.household, score=7, source="paper", recorded_by=world.peer)
    score = own_score_record(household=world.household, score=9, source="paper",
                             recorded_by=world.buddy)  # fmt: skip
    assert (score.score, score.source, score.recorded_by) == (9, "paper", world.buddy)
    assert OwnScore.objects.filter(household=world.household).count() == 1
    assert [row.score for row in score.history.order_by("history_date")] == [7, 9]


@pytest.mark.parametrize("score", [0, 11])
def test_a_score_is_from_1_to_10(world, score):
    with pytest.raises(ValidationError):
        own_score_record(household=world.household, score=score, source="paper",
                         recorded_by=world.peer)  # fmt: skip


def test_the_households_sms_reply_is_its_own_score(world):
    # Given a closed household that was asked for its score by text
    household_close(household=world.household, closed_by=world.coordinator,
                    reason="goals_reached", satisfaction=3, became_more_active=None)  # fmt: skip
    HouseholdVerdict.objects.create(household=world.household, phone=world.household.phone)
    # When it replies with a score
    inbound_receive(provider_id="SM1", from_phone=world.household.phone, body="Een 9!")
    # Then that is its own score, marked as a text message reply
    score = OwnScore.objects.get(household=world.household)
    assert (score.score, score.source, score.recorded_by) == (9, "sms", None)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Mevrouw Jansen kan de zwemles niet betalen", "a name"),
        ("Bel 06 12345678 voor meer", "a phone number"),
        ("Woont aan de Kerkstraat 12", "an address"),
        ("Geboren 03-04-1980, geen bijzondere bijstand", "a date of birth"),
        ("4701 AB 12 heeft geen verwarming", "a postcode with a house number"),
    ],
)
def test_signal_text_that_looks_personal_is_recognised(text, hint):
    with translation.override("en"):
        assert hint in personal_data_hints(text)


def test_the_warning_is_in_plain_dutch(world):
    with translation.override("nl"):
        assert personal_data_hints("Woont aan de Kerkstraat 12") == ["een adres"]


def test_a_signal_from_a_visit_is_warned_then_goes_to_the_coordinator(world):
    theme = SignalTheme.objects.create(name="Zwemles")
    # When the peer's text seems to hold an address, the signal is refused with a warning
    with pytest.raises(ValidationError) as warned:
        signal_from_visit(household=world.household, theme=theme, recorded_by=world.peer,
                          description="Kerkstraat 12 kan zwemles niet betalen")  # fmt: skip
    assert warned.value.error_dict["description"][0].code == "looks_personal"
    assert not Signal.objects.exists()
    # And a text about the need goes to the coordinator's signals, for one household,
    # in the household's neighbourhood, without any link to it
    signal = signal_from_visit(household=world.household, theme=theme, recorded_by=world.peer,
                               description="Zwemles voor de kinderen is te duur")  # fmt: skip
    assert signal.status == SignalStatus.NEW
    assert signal.team == world.household.team
    assert signal.households_concerned == 1
    assert signal.neighbourhood_code == world.household.neighbourhood_code
