"""The app lock of the phone pages, held by the server: a peer with a PIN who left the pages
unused for the idle time gets the lock screen instead of any page (and the API and the
phone's scripts a 423) until the PIN is given; wrong PINs are limited."""

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from outreach.middleware import SESSION_ACTIVE_AT
from outreach.models import PhonePin, Visit
from outreach.services.phone_lock import phone_pin_set
from tests.factories import PASSWORD

PIN = "40719"


@pytest.fixture
def peer_with_pin(client, world):
    phone_pin_set(user=world.peer, pin=PIN)
    client.force_login(world.peer)
    return client


def leave_the_phone_unused(client, seconds=400):
    session = client.session
    session[SESSION_ACTIVE_AT] -= seconds
    session.save()


def phone_pages(world):
    household = world.household.pk
    return [
        "/",
        reverse("peer:household", args=[household]),
        reverse("peer:visit", args=[household]),
        reverse("peer:consent", args=[household]),
        reverse("peer:profile", args=[household]),
        reverse("peer:plan", args=[household]),
        reverse("peer:plan_agreed", args=[household]),
        reverse("peer:paper_score", args=[household]),
        reverse("peer:visit_signal", args=[household]),
        reverse("peer:register"),
        reverse("peer:first_contact"),
        reverse("peer:sync") + f"?households={household}",
        reverse("notifications:activity-list"),
        reverse("phone:pin"),
        reverse("two_factor:overview"),
    ]


def test_every_phone_page_shows_the_lock_screen_after_the_idle_time(peer_with_pin, world):
    # Given a peer with a PIN who left the phone unused for longer than the idle time
    leave_the_phone_unused(peer_with_pin)
    for url in phone_pages(world):
        # When any page is opened
        response = peer_with_pin.get(url)
        body = response.content.decode()
        # Then the lock screen answers, with nothing of the household
        assert response.status_code == 423, url
        assert response["X-Outreach-Locked"] == "1"
        assert "De app is vergrendeld" in body, url
        assert world.household.reference not in body, url
        assert world.household.contact_name not in body, url


def test_the_pages_stay_open_while_they_are_used(peer_with_pin, world, settings):
    # Given a peer with a PIN who uses the pages within the idle time
    leave_the_phone_unused(peer_with_pin, seconds=settings.PHONE_LOCK_IDLE_SECONDS - 30)
    # When an open page says it is in use, and later a page is opened
    assert peer_with_pin.get(reverse("phone:alive")).status_code == 204
    leave_the_phone_unused(peer_with_pin, seconds=settings.PHONE_LOCK_IDLE_SECONDS - 30)
    response = peer_with_pin.get(reverse("peer:household", args=[world.household.pk]))
    # Then it shows, as the use moved the idle time on
    assert response.status_code == 200
    assert world.household.reference in response.content.decode()


def test_what_the_phone_sends_by_itself_does_not_keep_the_pages_open(
    peer_with_pin, world, settings
):
    # Given a phone lying unused, nearly for the idle time
    leave_the_phone_unused(peer_with_pin, seconds=settings.PHONE_LOCK_IDLE_SECONDS - 30)
    # When its worker copies a page in the background
    response = peer_with_pin.get(
        reverse("peer:household", args=[world.household.pk]),
        headers={"X-Outreach-Client": "sync"},
    )
    assert response.status_code == 200
    # Then that was no use: a minute later the pages are locked
    leave_the_phone_unused(peer_with_pin, seconds=60)
    assert peer_with_pin.get("/").status_code == 423


def test_a_locked_session_gets_423_from_the_api_and_the_phone_scripts(peer_with_pin, world):
    # Given a locked phone
    leave_the_phone_unused(peer_with_pin)
    # When the API is called with its session
    response = peer_with_pin.get("/api/v1/households/")
    # Then it answers 423 with a code the phone can read
    assert response.status_code == 423
    assert response.json()["code"] == "phone_locked"
    # And the open page saying it is in use, and a visit sent by the phone's outbox, get 423
    assert peer_with_pin.get(reverse("phone:alive")).status_code == 423
    response = peer_with_pin.post(
        reverse("peer:visit", args=[world.household.pk]),
        {"client_uuid": "8f1c1c1e-1111-4111-8111-111111111112", "kind": "home_visit",
         "duration_minutes": "30", "started_at": "2026-01-05T10:00", "notes": "Op slot"},
        headers={"X-Outreach-Client": "outbox"},
    )  # fmt: skip
    assert response.status_code == 423
    assert not Visit.objects.filter(notes="Op slot").exists()


def test_the_right_pin_opens_the_pages_again_where_the_peer_was(peer_with_pin, world):
    household_page = reverse("peer:household", args=[world.household.pk])
    leave_the_phone_unused(peer_with_pin)
    assert peer_with_pin.get(household_page).status_code == 423
    # When the PIN is given
    response = peer_with_pin.post(reverse("phone:unlock"), {"pin": PIN, "next": household_page})
    # Then the peer is back on the page they were on, and it shows
    assert response.status_code == 302
    assert response["Location"] == household_page
    assert peer_with_pin.get(household_page).status_code == 200


def test_five_wrong_pins_end_the_login(peer_with_pin, world):
    leave_the_phone_unused(peer_with_pin)
    # When four wrong PINs are given, the lock stays and says how many tries are left
    for left in (4, 3, 2, 1):
        response = peer_with_pin.post(reverse("phone:unlock"), {"pin": "11112", "next": "/"})
        assert response.status_code == 423
        assert f"Je kunt het nog {left} keer" in response.content.decode()
    # When the fifth is wrong too
    response = peer_with_pin.post(reverse("phone:unlock"), {"pin": "11112", "next": "/"})
    # Then the login ends: even the right PIN does not help now, only the password
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = peer_with_pin.post(reverse("phone:unlock"), {"pin": PIN, "next": "/"})
    assert response["Location"].startswith("/accounts/login/")
    assert peer_with_pin.get("/").status_code == 302


def test_logging_in_again_with_the_password_opens_the_lock(peer_with_pin, world):
    leave_the_phone_unused(peer_with_pin)
    assert peer_with_pin.get("/").status_code == 423
    # When the peer logs in with the password (the way out for a forgotten PIN)
    peer_with_pin.post(reverse("login"), {"username": world.peer.username, "password": PASSWORD})
    # Then the pages open
    assert peer_with_pin.get("/").status_code == 200


def test_a_peer_without_a_pin_is_not_locked(client, world):
    client.force_login(world.peer)
    leave_the_phone_unused(client)
    assert client.get("/").status_code == 200


def test_locking_now_closes_the_pages_at_once(peer_with_pin, world):
    response = peer_with_pin.post(reverse("phone:lock"))
    assert response["Location"].startswith(reverse("phone:unlock"))
    assert peer_with_pin.get("/").status_code == 423


@pytest.mark.parametrize("pin", ["12345", "98765", "11111", "12121", "123123", "1234", "12a45"])
def test_a_pin_that_is_easy_to_guess_is_refused(world, pin):
    with pytest.raises(ValidationError):
        phone_pin_set(user=world.peer, pin=pin)
    assert not PhonePin.objects.exists()


def test_the_pin_is_kept_only_as_a_hash(world):
    phone_pin_set(user=world.peer, pin=PIN)
    stored = PhonePin.objects.get(user=world.peer).pin_hash
    assert PIN not in stored
    assert check_password(PIN, stored)


def test_setting_a_pin_asks_for_the_password(client, world):
    client.force_login(world.peer)
    # When the password is wrong, nothing is set
    response = client.post(
        reverse("phone:pin"), {"password": "wrong", "pin": PIN, "pin_again": PIN}
    )
    assert response.status_code == 400
    assert "Dit is niet je wachtwoord" in response.content.decode()
    assert not PhonePin.objects.exists()
    # When it is right, the PIN is set, and the pages lock after the idle time
    response = client.post(
        reverse("phone:pin"), {"password": PASSWORD, "pin": PIN, "pin_again": PIN}
    )
    assert response.status_code == 302
    leave_the_phone_unused(client)
    assert client.get("/").status_code == 423
