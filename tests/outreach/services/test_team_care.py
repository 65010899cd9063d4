"""Team care's rules: the volunteer allowance at the legal limits (hour, under 21, month,
year, other organisations, attended meetings), and expenses with a private receipt."""

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation

from audit.retention import retention_run
from outreach import policies
from outreach.models import (
    AllowanceLimit,
    Expense,
    ExpenseStatus,
    MeetingKind,
    Role,
    TeamMembership,
    User,
    VolunteerMonth,
)
from outreach.selectors.team_care import volunteer_month_list
from outreach.services.team_care import (
    check_allowance,
    expense_approve,
    expense_delete,
    expense_submit,
    expenses_delete_expired,
    meeting_record,
    receipts_delete_unreferenced,
    under_21_in,
    volunteer_month_record,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def member(world):
    """A peer of team Noord, 40 years old; everyone in their team since long before 2025."""
    world.peer.born_on = date(1986, 4, 2)
    world.peer.save()
    TeamMembership.objects.update(started_on=date(2020, 1, 1))
    return world.peer


def record(world, month, hours, allowance, other="0", confirm=False, user=None):
    return volunteer_month_record(
        team=world.household.team,
        user=user or world.peer,
        month=month,
        hours=Decimal(hours),
        allowance=Decimal(allowance),
        other_allowance=Decimal(other),
        recorded_by=world.coordinator,
        confirm_over_limit=confirm,
    )


def over(world, month, hours, allowance, other="0", user=None):
    return check_allowance(
        user=user or world.peer,
        month=month,
        hours=Decimal(hours),
        allowance=Decimal(allowance),
        other_allowance=Decimal(other),
    ).over


# --- The limits, exactly at them and one cent over ---
def test_exactly_the_hourly_maximum_is_within_and_one_cent_more_is_over(world, member):
    # Given 20 hours in March 2025 at €5.60 an hour at most (from 21)
    # Then €112.00 is within, €112.01 passes the hourly maximum
    assert over(world, date(2025, 3, 1), "20", "112.00") == []
    with translation.override("en"):
        assert "per hour" in over(world, date(2025, 3, 1), "20", "112.01")[0]


def test_under_21_the_lower_hourly_maximum_applies(world, member):
    # Given a member born in 2006: under 21 throughout 2025
    member.born_on = date(2006, 6, 15)
    member.save()
    # Then 20 hours at €3.30 (€66.00) is within, and a cent more is over, per hour under 21
    assert over(world, date(2025, 3, 1), "20", "66.00") == []
    with translation.override("en"):
        assert "per hour under 21" in over(world, date(2025, 3, 1), "20", "66.01")[0]


def test_the_age_is_taken_per_month_the_month_of_the_21st_birthday_still_counts_as_under_21():
    born = date(2004, 3, 10)
    assert under_21_in(born, date(2025, 3, 1)) is True  # turns 21 on 10 March
    assert under_21_in(born, date(2025, 4, 1)) is False
    assert under_21_in(date(2004, 3, 1), date(2025, 3, 1)) is False  # 21 on the first day
    assert under_21_in(None, date(2025, 3, 1)) is None


def test_exactly_the_monthly_maximum_is_within_and_one_cent_more_is_over(world, member):
    assert over(world, date(2025, 5, 1), "40", "210.00") == []
    with translation.override("en"):
        assert "per month" in over(world, date(2025, 5, 1), "40", "210.01")[0]


def test_allowances_from_other_organisations_count_towards_the_month(world, member):
    # Given €150 from us and €60 from another organisation: exactly the maximum
    assert over(world, date(2025, 5, 1), "40", "150", other="60.00") == []
    # When the other organisation pays a cent more, Then the month is over
    with translation.override("en"):
        assert "per month" in over(world, date(2025, 5, 1), "40", "150", other="60.01")[0]


def test_the_year_sums_every_month_with_other_organisations(world, member):
    # Given ten months of €200 (€2,000 of the €2,100 a year)
    for month in range(1, 11):
        record(world, date(2025, month, 1), "40", "180", other="20")
    # Then €100 more in November is exactly the maximum; a cent more is over, this year
    assert over(world, date(2025, 11, 1), "40", "80", other="20") == []
    with translation.override("en"):
        assert "this year" in over(world, date(2025, 11, 1), "40", "80", other="20.01")[0]


def test_over_a_limit_is_refused_unless_the_coordinator_confirms(world, member):
    # When the coordinator records a month over the maximum without confirming
    with translation.override("en"), pytest.raises(ValidationError, match="legal maximum"):
        record(world, date(2025, 6, 1), "40", "215")
    assert not VolunteerMonth.objects.exists()
    # When they confirm after seeing the warning
    saved, check = record(world, date(2025, 6, 1), "40", "215", confirm=True)
    # Then it is saved, marked as over, and the check names the limit
    assert saved.over_limit_confirmed and check.over


# --- Meetings count as volunteer hours, once ---
def test_attended_meeting_hours_count_towards_the_hourly_maximum(world, member):
    # Given a 4-hour training in May 2025 that the member attended and another did not
    meeting_record(
        team=world.household.team, kind=MeetingKind.TRAINING, held_on=date(2025, 5, 20),
        hours=Decimal("4"), topic="Gesprekstechniek", attended=[member],
        recorded_by=world.coordinator,
    )  # fmt: skip
    # Then 16 recorded hours + 4 attended = 20 hours: €112 is within the hourly maximum
    saved, check = record(world, date(2025, 5, 1), "16", "112")
    assert check.meeting_hours == Decimal("4") and check.total_hours == Decimal("20")
    # And the month shows the meeting hours apart, not added to the recorded hours
    shown = volunteer_month_list(user=world.coordinator).get(pk=saved.pk)
    assert (shown.hours, shown.meeting_hours) == (Decimal("16"), Decimal("4"))
    # And for the member who did not attend the same amount is over
    with translation.override("en"):
        assert over(world, date(2025, 5, 1), "16", "112", user=world.buddy)


def test_correcting_attendance_changes_who_has_the_hours(world, member):
    meeting = meeting_record(
        team=world.household.team, kind=MeetingKind.TEAM_MEETING, held_on=date(2025, 5, 20),
        hours=Decimal("2"), topic="Planning", attended=[member], recorded_by=world.coordinator,
    )  # fmt: skip
    meeting_record(
        team=meeting.team, kind=meeting.kind, held_on=meeting.held_on, hours=meeting.hours,
        topic=meeting.topic, attended=[world.buddy], recorded_by=world.coordinator,
        meeting=meeting,
    )  # fmt: skip
    attended = {row.user: row.attended for row in meeting.attendance.all()}
    assert attended[member] is False and attended[world.buddy] is True


def test_a_member_of_another_team_cannot_be_recorded_as_attending(world, member):
    zuid_peer = world.other_household.assignments.first().lead
    with pytest.raises(ValidationError):
        meeting_record(
            team=world.household.team, kind=MeetingKind.TRAINING, held_on=date(2025, 5, 20),
            hours=Decimal("2"), topic="Training", attended=[zuid_peer],
            recorded_by=world.coordinator,
        )  # fmt: skip


# --- Expenses ---
def submit(world, receipt=None, amount="3.40", user=None, spent_on=None):
    return expense_submit(
        user=user or world.peer,
        team=world.household.team,
        spent_on=spent_on or timezone.localdate(),
        kind="bus_fare",
        amount=Decimal(amount),
        description="Bus naar huisbezoek",
        receipt=receipt,
        recorded_by=user or world.peer,
    )


def test_a_receipt_is_stored_under_a_name_nobody_can_guess(world, member, private_media):
    expense = submit(world, SimpleUploadedFile("bon peer-noord-1.png", PNG))
    assert expense.receipt.name.startswith("receipts/")
    assert "peer" not in expense.receipt.name and expense.receipt.name.endswith(".png")
    assert (Path(private_media) / expense.receipt.name).read_bytes() == PNG


@pytest.mark.parametrize(
    ("name", "content"),
    [("bon.html", b"<html>"), ("bon.png", b"<script>alert(1)</script>"), ("bon.exe", PNG)],
)
def test_a_receipt_that_is_not_a_photo_or_pdf_is_refused(world, member, name, content):
    with pytest.raises(ValidationError):
        submit(world, SimpleUploadedFile(name, content))
    assert not Expense.objects.exists()


def test_a_receipt_over_the_size_limit_is_refused(world, member, settings):
    settings.EXPENSE_RECEIPT_MAX_BYTES = 50
    with pytest.raises(ValidationError):
        submit(world, SimpleUploadedFile("bon.png", PNG))


def test_expenses_do_not_count_towards_the_allowance(world, member):
    # Given €500 of approved expenses this month
    expense_approve(expense=submit(world, amount="500"), approved_by=world.coordinator)
    # Then the month's allowance maximum is still €210, untouched by them
    today = timezone.localdate()
    assert over(world, today, "40", "210") == []


def test_a_coordinator_approves_but_not_their_own_expense(world, member):
    expense = submit(world)
    own = submit(world, user=world.coordinator)
    assert policies.can_approve_expense(world.coordinator, expense)
    assert not policies.can_approve_expense(world.coordinator, own)
    assert not policies.can_approve_expense(world.other_coordinator, expense)
    assert not policies.can_approve_expense(world.peer, expense)
    approved = expense_approve(expense=expense, approved_by=world.coordinator)
    assert approved.status == ExpenseStatus.APPROVED and approved.approved_by == world.coordinator


def test_deleting_an_expense_deletes_its_receipt(
    world, member, private_media, django_capture_on_commit_callbacks
):
    expense = submit(world, SimpleUploadedFile("bon.png", PNG))
    path = Path(private_media) / expense.receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        expense_delete(expense=expense, deleted_by=world.peer)
    assert not path.exists() and not Expense.objects.exists()
    assert not Expense.history.exclude(receipt="").exists()


def test_an_approved_expense_cannot_be_deleted(world, member):
    expense = expense_approve(expense=submit(world), approved_by=world.coordinator)
    with pytest.raises(ValidationError):
        expense_delete(expense=expense, deleted_by=world.peer)


def test_after_the_retention_term_expenses_and_receipts_are_deleted(
    world, member, settings, private_media, django_capture_on_commit_callbacks
):
    # Given an expense of long ago and one of today
    settings.RETENTION_EXPENSE_MONTHS = 12
    old = submit(world, SimpleUploadedFile("bon.png", PNG), spent_on=date(2021, 1, 5))
    recent = submit(world)
    path = Path(private_media) / old.receipt.name
    # When the retention runs
    with django_capture_on_commit_callbacks(execute=True):
        deleted = expenses_delete_expired(now=timezone.now() + timedelta(days=1))
    # Then the old one, its receipt and its history are gone; the recent one stays
    assert deleted == 1 and not path.exists()
    assert list(Expense.objects.all()) == [recent]
    assert not Expense.history.filter(id=old.pk).exists()


def test_a_receipt_left_behind_by_a_deleted_account_is_deleted_by_the_retention(
    world, member, private_media
):
    # Given a team member's expense with a receipt, and the member's account deleted (its
    # expenses go with it, their files stay on disk)
    leaver = User.objects.create_user(username="peer-vertrokken", role=Role.PEER)
    TeamMembership.objects.create(
        user=leaver, team=world.household.team, started_on=date(2020, 1, 1)
    )
    expense = submit(world, SimpleUploadedFile("bon.png", PNG), user=leaver)
    path = Path(private_media) / expense.receipt.name
    leaver.delete()
    assert path.exists() and Expense.history.filter(receipt=expense.receipt.name).exists()
    # When the nightly retention runs the next day
    counts = retention_run(now=timezone.now() + timedelta(days=2))
    # Then the file is gone, and its name from the history too
    assert counts["receipts"] == 1 and not path.exists()
    assert not Expense.history.exclude(receipt="").exists()


def test_a_receipt_of_an_expense_is_kept_and_a_fresh_upload_is_not_swept(
    world, member, private_media
):
    kept = submit(world, SimpleUploadedFile("bon.png", PNG))
    # A file written a moment ago whose expense may still be being saved
    fresh = Path(private_media) / "receipts" / "being-saved.png"
    fresh.write_bytes(PNG)
    assert receipts_delete_unreferenced(now=timezone.now()) == 0
    assert fresh.exists() and (Path(private_media) / kept.receipt.name).exists()


def test_the_limits_are_seeded_with_the_lower_hourly_maximum_under_21(db):
    limits = {
        limit.year: (limit.per_hour, limit.per_hour_under_21, limit.per_month, limit.per_year)
        for limit in AllowanceLimit.objects.all()
    }
    assert limits[2024] == (Decimal("5.50"), Decimal("3.25"), Decimal("210"), Decimal("2100"))
    assert limits[2025] == (Decimal("5.60"), Decimal("3.30"), Decimal("210"), Decimal("2100"))
    assert "Not verified" in AllowanceLimit.objects.get(year=2026).source


def test_the_command_writes_the_limits_again_after_a_wrong_edit(db):
    AllowanceLimit.objects.filter(year=2025).update(per_hour_under_21=Decimal("9.99"))
    call_command("seed_allowance_limits", stdout=io.StringIO())
    assert AllowanceLimit.objects.get(year=2025).per_hour_under_21 == Decimal("3.30")
