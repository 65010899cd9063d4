"""The participation plan made with the household, its reviews on the participation ladder,
and the household's own score for the help."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outreach import models
from outreach.services.errors import field_error
from outreach.services.follow_ups import (
    FOLLOW_UP_FURTHEST_AHEAD,
    follow_up_create,
    follow_up_update,
)
from outreach.workflow import FollowUpStatus, HouseholdStatus


def _check_rung(rung) -> int:
    if rung not in models.LadderRung.values:
        raise field_error("rung", _("Choose a step of the ladder, from 1 to 6."), "invalid_rung")
    return int(rung)


def _check_review_on(review_on: date, *, field: str) -> None:
    today = timezone.localdate()
    if review_on < today:
        raise field_error(field, _("The review date cannot be in the past."), "in_the_past")
    if review_on > today + FOLLOW_UP_FURTHEST_AHEAD:
        raise field_error(
            field, _("Plan the review within three years. Check the date."), "too_far_ahead"
        )


def _review_follow_up(
    *, household: models.Household, created_by: models.User, due: date
) -> models.FollowUp:
    # The description is stored, so it is written in the team's language, not the phone's.
    with translation.override(settings.LANGUAGE_CODE):
        description = gettext("Review the plan with the household")
    return follow_up_create(
        household=household,
        created_by=created_by,
        data={"description": description, "due_date": due},
    )


@transaction.atomic
def plan_agree(
    *,
    household: models.Household,
    agreed_by: models.User,
    goals: str,
    rung: int,
    review_on: date,
    agreed_on: date | None = None,
) -> models.ParticipationPlan:
    """Record the plan agreed with the household: its goals in its own words, where it stands
    on the participation ladder now, and when the plan is reviewed. A follow-up for the
    review is made for the peer who agreed it, so it comes up on their Today list."""
    household = models.Household.objects.select_for_update().get(pk=household.pk)
    if household.status == HouseholdStatus.CLOSED:
        raise field_error("goals", _("This case is closed."), "closed")
    if models.ParticipationPlan.objects.filter(household=household).exists():
        raise field_error(
            "goals", _("This household already has a plan. Review it instead."), "has_plan"
        )
    goals = (goals or "").strip()
    if not goals:
        raise field_error(
            "goals", _("Write down what the household wants, in its own words."), "required"
        )
    rung = _check_rung(rung)
    agreed_on = agreed_on or timezone.localdate()
    if agreed_on > timezone.localdate():
        raise field_error("agreed_on", _("A plan cannot be agreed in the future."), "future")
    _check_review_on(review_on, field="review_on")
    plan = models.ParticipationPlan(
        household=household,
        goals=goals,
        agreed_on=agreed_on,
        review_on=review_on,
        agreed_by=agreed_by,
    )
    plan.full_clean(exclude=["household"])
    plan.review_follow_up = _review_follow_up(
        household=household, created_by=agreed_by, due=review_on
    )
    plan._history_user = agreed_by
    plan.save()
    models.LadderStep.objects.create(
        plan=plan,
        household=household,
        kind=models.LadderStepKind.START,
        rung=rung,
        on=agreed_on,
        recorded_by=agreed_by,
    )
    return plan


@transaction.atomic
def plan_review(
    *,
    plan: models.ParticipationPlan,
    reviewed_by: models.User,
    rung: int,
    next_review_on: date | None,
    note: str = "",
    goals: str | None = None,
) -> models.LadderStep:
    """Review the plan with the household: where it stands on the ladder now (a new step,
    with the date and who recorded it), the goals if they changed, and the next review, for
    which a new follow-up is made. The follow-up of this review is done."""
    plan = (
        models.ParticipationPlan.objects.select_for_update()
        .select_related("household")
        .get(pk=plan.pk)
    )
    if plan.household.status == HouseholdStatus.CLOSED:
        raise field_error("rung", _("This case is closed."), "closed")
    rung = _check_rung(rung)
    if next_review_on is not None:
        _check_review_on(next_review_on, field="next_review_on")
    if goals is not None:
        goals = goals.strip()
        if not goals:
            raise field_error(
                "goals", _("Write down what the household wants, in its own words."), "required"
            )
        plan.goals = goals
    step = models.LadderStep(
        plan=plan,
        household=plan.household,
        kind=models.LadderStepKind.REVIEW,
        rung=rung,
        note=note.strip(),
        recorded_by=reviewed_by,
    )
    step.full_clean(exclude=["plan", "household"])
    step.save()
    follow_up = plan.review_follow_up
    if follow_up is not None and follow_up.status == FollowUpStatus.OPEN:
        with translation.override(settings.LANGUAGE_CODE):
            done_note = gettext("Plan reviewed")
        follow_up_update(
            follow_up=follow_up,
            changed_by=reviewed_by,
            data={"status": FollowUpStatus.DONE, "completion_note": done_note},
        )
    if next_review_on is not None:
        plan.review_on = next_review_on
        plan.review_follow_up = _review_follow_up(
            household=plan.household, created_by=reviewed_by, due=next_review_on
        )
    else:
        plan.review_follow_up = None
    plan.version += 1
    plan._history_user = reviewed_by
    plan._change_reason = "reviewed"
    plan.full_clean(exclude=["household"])
    plan.save()
    return step


def ladder_progress(plan: models.ParticipationPlan | None) -> tuple[int, int] | None:
    """(first rung, last rung) of a plan's steps, or None without a plan or steps. The
    household became more active when the last is higher than the first."""
    if plan is None:
        return None
    steps = list(plan.steps.all())
    if not steps:
        return None
    steps.sort(key=lambda step: (step.on, step.pk))
    return steps[0].rung, steps[-1].rung


@transaction.atomic
def own_score_record(
    *,
    household: models.Household,
    score: int,
    source: str,
    recorded_by: models.User | None = None,
    given_on: date | None = None,
) -> models.OwnScore:
    """Keep the household's own score (1-10): its text message reply, or its paper form
    entered by a team member (who is recorded). The latest word replaces an earlier one."""
    if source not in models.ScoreSource.values:
        raise field_error("source", _("Say how the score was given."), "invalid_source")
    if source == models.ScoreSource.PAPER and recorded_by is None:
        raise field_error("source", _("Say who entered the paper form."), "who")
    if score is None or not 1 <= int(score) <= 10:
        raise field_error("score", _("Give a score from 1 to 10."), "out_of_range")
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise field_error("given_on", _("This date is in the future."), "future")
    own_score = models.OwnScore.objects.select_for_update().filter(household=household).first()
    if own_score is None:
        own_score = models.OwnScore(household=household)
    own_score.score = int(score)
    own_score.source = source
    own_score.given_on = given_on
    own_score.recorded_by = recorded_by
    own_score._history_user = recorded_by
    own_score.full_clean(exclude=["household"], validate_unique=False)
    own_score.save()
    return own_score
