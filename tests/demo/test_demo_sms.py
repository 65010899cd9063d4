"""What the issue is done by: the demo plans the cooking group's reminders and sends them
through the console back-end, and the participant who texted STOP gets none."""

from django.core.management import call_command

from demo.sms import STOPPED, seed_sms_demo
from notifications.models import MessageKind, OutboxMessage, OutboxStatus


def test_demo_worker_sends_the_cooking_groups_reminders_but_not_after_stop(world, settings, caplog):
    settings.SMS_BACKEND = "console"
    settings.SMS_QUIET_HOURS_START = settings.SMS_QUIET_HOURS_END = 0  # as bin/demo runs it
    # The SMS part of seed_demo (the whole demo is walked through in tests/demo/test_seed_demo.py)
    seed_sms_demo(team=world.household.team, recorded_by=world.coordinator)
    # When the demo's worker runs one round
    with caplog.at_level("INFO", logger="notifications.sms"):
        call_command("run_outbox", "--once")
    reminders = OutboxMessage.objects.filter(kind=MessageKind.REMINDER)
    # Then the regular participants (present 3 of the last 5) got their reminder, printed
    sent = set(reminders.filter(status=OutboxStatus.SENT).values_list("to", flat=True))
    assert sent == {"+31611000001", "+31611000002", "+31611000003", "+31611000005"}
    assert all(phone in caplog.text for phone in sent)
    assert "Kookgroep De Kroon" in caplog.text
    # and Henk, who texted STOP, did not: his reminder is cancelled, with the reason
    stopped = reminders.get(to=STOPPED)
    assert stopped.status == OutboxStatus.CANCELLED and stopped.error_code == "not_allowed"
    assert STOPPED not in caplog.text
    # And a second round sends nothing more
    call_command("run_outbox", "--once")
    assert reminders.filter(status=OutboxStatus.SENT).count() == 4
