"""Two-step login (TOTP): required for coordinators, the municipality and admins when
OTP_REQUIRED is on (production), optional for peers, off in the demo and the default test run."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from outreach.models import User
from outreach.selectors.api_tokens import api_token_find
from outreach.services.api_tokens import api_token_issue
from tests.factories import PASSWORD
from tests.security.helpers import app_code, enrol

required = override_settings(OTP_REQUIRED=True)


def log_in(client, user: User):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


@required
@pytest.mark.parametrize("role", ["coordinator", "municipality_user", "admin"])
def test_staff_without_two_factor_cannot_get_past_setting_it_up(client, world, role):
    # Given a coordinator, analyst or admin who never set up an app
    user = getattr(world, role)
    # When they log in with the right password
    response = log_in(client, user)
    # Then every page sends them to setting up the app, and the API (session) refuses
    assert response.status_code == 302
    for path in ("/", "/coordinator/intake/", "/reach/", "/admin/"):
        page = client.get(path)
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/two-factor/setup/")
    assert client.get("/api/v1/users/me/").status_code == 403


@required
def test_coordinator_sets_up_the_app_and_gets_backup_codes(client, world):
    # Given a coordinator who logged in with their password
    log_in(client, world.coordinator)
    # When they open the set-up page
    page = client.get("/accounts/two-factor/setup/")
    # Then it shows a QR code made on the server, and the key to type
    html = page.content.decode()
    assert "<svg" in html and "otpauth" not in html
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    # When they type the code their app shows
    response = client.post("/accounts/two-factor/setup/", {"code": app_code(device)})
    # Then the app is confirmed, they see 10 backup codes once, and they can work
    device.refresh_from_db()
    assert device.confirmed
    codes = StaticToken.objects.filter(device__user=world.coordinator)
    assert codes.count() == 10
    assert all(code.token in response.content.decode() for code in codes)
    assert client.get("/coordinator/intake/").status_code == 200


@required
def test_wrong_code_at_setup_confirms_nothing(client, world):
    log_in(client, world.coordinator)
    client.get("/accounts/two-factor/setup/")
    response = client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=world.coordinator, confirmed=True).exists()
    assert client.get("/").status_code == 302


@required
def test_coordinator_with_an_app_passes_the_second_step_with_its_code(client, world):
    # Given a coordinator with an app
    device, _codes = enrol(world.coordinator)
    # When they log in with their password only
    log_in(client, world.coordinator)
    # Then they are asked for the code first
    page = client.get("/coordinator/intake/")
    assert page["Location"].startswith("/accounts/two-factor/verify/")
    # A wrong code does not let them in
    client.post("/accounts/two-factor/verify/", {"code": "123456"})
    assert client.get("/coordinator/intake/").status_code == 302
    # The right one does, and sends them where they wanted to go
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(
        "/accounts/two-factor/verify/?next=/coordinator/intake/", {"code": app_code(device)}
    )
    assert response["Location"] == "/coordinator/intake/"
    assert client.get("/coordinator/intake/").status_code == 200


@required
def test_passing_the_second_step_gives_a_new_session_key(client, world):
    device, _codes = enrol(world.coordinator)
    log_in(client, world.coordinator)
    after_password = client.cookies["sessionid"].value
    client.post("/accounts/two-factor/verify/", {"code": app_code(device)})
    assert client.cookies["sessionid"].value != after_password


@required
def test_a_backup_code_works_once_when_the_phone_is_lost(client, world):
    # Given a coordinator with an app and backup codes, without their phone
    _device, codes = enrol(world.coordinator)
    log_in(client, world.coordinator)
    # When they type a backup code
    client.post("/accounts/two-factor/verify/", {"code": codes[0].upper()})
    # Then they are in, and that code is used up
    assert client.get("/coordinator/intake/").status_code == 200
    client.post("/accounts/logout/")
    log_in(client, world.coordinator)
    client.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert client.get("/coordinator/intake/").status_code == 302
    assert StaticToken.objects.filter(device__user=world.coordinator).count() == 9


@required
def test_peer_logs_in_without_second_step_unless_they_set_it_up(client, world):
    log_in(client, world.peer)
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    # A peer who switched it on for themselves is asked for the code too
    enrol(world.peer)
    log_in(client, world.peer)
    assert client.get("/")["Location"].startswith("/accounts/two-factor/verify/")


@required
def test_backup_codes_can_be_renewed_after_the_second_step(client, world):
    device, old_codes = enrol(world.coordinator)
    log_in(client, world.coordinator)
    client.post("/accounts/two-factor/verify/", {"code": app_code(device)})
    response = client.post("/accounts/two-factor/backup-codes/")
    new_codes = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new_codes) == 10 and not new_codes & set(old_codes)
    assert all(code in response.content.decode() for code in new_codes)


@required
def test_admin_resets_a_users_two_factor_after_a_lost_phone(client, world):
    # Given a coordinator who lost their phone and their backup codes
    enrol(world.coordinator)
    admin_device, _codes = enrol(world.admin)
    lost_phone_token = api_token_issue(user=world.coordinator)
    # When the admin resets their two-step login in the admin site
    log_in(client, world.admin)
    client.post("/accounts/two-factor/verify/", {"code": app_code(admin_device)})
    response = client.post(
        "/admin/outreach/user/",
        {"action": "reset_two_factor", "_selected_action": [world.coordinator.pk]},
    )
    assert response.status_code == 302
    # Then the coordinator's next login asks them to set up a new app
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    # And the API token that may be on the lost phone opens nothing any more
    assert api_token_find(key=lost_phone_token) is None
    coordinator = Client()
    log_in(coordinator, world.coordinator)
    assert coordinator.get("/")["Location"].startswith("/accounts/two-factor/setup/")
    # And the user's history in the admin says who reset it
    entry = LogEntry.objects.get(object_id=str(world.coordinator.pk))
    assert (entry.user, entry.get_change_message()) == (
        world.admin,
        "Reset two-step login (lost phone)",
    )


def test_demo_and_default_test_settings_let_staff_log_in_with_a_password(client, world):
    # The README's demo accounts log in with only a password; the login page says why
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "two-step login (a code from an app) is switched off here" in page.content.decode()
    log_in(client, world.coordinator)
    assert client.get("/coordinator/intake/").status_code == 200


@required
def test_login_page_says_nothing_about_the_demo_when_two_factor_is_on(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "switched off" not in page.content.decode()


def token_for(user, **extra):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD, **extra},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


@required
def test_token_endpoint_wants_a_code_from_staff(world):
    # Without an app there is no token, and the answer says what to do
    response = token_for(world.coordinator)
    assert response.status_code == 400
    assert response.json() == {"otp": ["Set up two-step login on the website first."]}
    # With an app: no code, or a wrong code, gets no token
    device, codes = enrol(world.coordinator)
    assert "token" not in token_for(world.coordinator).json()
    assert "token" not in token_for(world.coordinator, otp="000000").json()
    device.throttling_failure_count = 0
    device.save()
    # The app's code, or a backup code, gets one
    assert "token" in token_for(world.coordinator, otp=app_code(device)).json()
    assert "token" in token_for(world.coordinator, otp=codes[0]).json()


@required
def test_token_endpoint_gives_a_peer_without_app_a_token_with_the_password(world):
    assert "token" in token_for(world.peer).json()


def test_token_endpoint_in_demo_mode_needs_no_code(world):
    assert "token" in token_for(world.coordinator).json()


def test_two_factor_is_required_by_default_outside_the_demo(tmp_path):
    # Given production settings (no DEMO_MODE); the suite itself runs in demo mode
    from tests.security.helpers import PRODUCTION, run_manage

    # When the settings are loaded
    result = run_manage(
        ["shell", "-c", "from django.conf import settings; print(settings.OTP_REQUIRED)"],
        PRODUCTION,
        tmp_path,
    )
    # Then two-step login is on
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
