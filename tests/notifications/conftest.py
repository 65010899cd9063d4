import pytest

from tests.notifications.fake_twilio import start_fake_twilio
from tests.notifications.helpers import make_group


@pytest.fixture
def group(world):
    return make_group(world.household.team)


@pytest.fixture
def fake_twilio(settings):
    state, server = start_fake_twilio()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = "ACtest"
    settings.TWILIO_AUTH_TOKEN = "test-token"
    settings.TWILIO_FROM = "+3197000000000"
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_API_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_TIMEOUT_SECONDS = 1.0
    yield state
    server.shutdown()
