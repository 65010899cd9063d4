import os

import pytest
from django.core.cache import cache
from django.utils import translation

from outreach.models import Role
from tests.factories import (
    AssignmentFactory,
    FollowUpFactory,
    HouseholdFactory,
    MunicipalityFactory,
    ProvisionCheckFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    WishFactory,
)
from tests.helpers import World, client_for


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploads_outside_the_project(settings, tmp_path_factory):
    # Receipts a test uploads land in a temporary folder, never in the worktree's media/.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    # A request in English leaves English active in this thread; the next test would then
    # compare Dutch pages with English labels made in the test itself.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache_for_each_test():
    # The cache (reach tables, throttle counts) outlives a test's database rollback.
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    municipality = MunicipalityFactory()
    noord = TeamFactory(municipality=municipality, name="Noord")
    zuid = TeamFactory(municipality=municipality, name="Zuid")
    peer = UserFactory(username="peer-noord-1", team=noord)
    buddy = UserFactory(username="peer-noord-2", team=noord)
    other_peer = UserFactory(username="peer-noord-3", team=noord)
    zuid_peer = UserFactory(username="peer-zuid-1", team=zuid)
    household = HouseholdFactory(team=noord)
    AssignmentFactory(household=household, lead=peer, buddy=buddy)
    other_household = HouseholdFactory(team=zuid)
    AssignmentFactory(household=other_household, lead=zuid_peer)
    for target in (household, other_household):
        VisitFactory(household=target)
        WishFactory(household=target)
        ProvisionCheckFactory(household=target)
    FollowUpFactory(household=household, responsible=peer)
    FollowUpFactory(household=other_household, responsible=zuid_peer)
    return World(
        peer=peer,
        buddy=buddy,
        other_peer=other_peer,
        coordinator=UserFactory(username="coord-noord", role=Role.COORDINATOR, team=noord),
        other_coordinator=UserFactory(username="coord-zuid", role=Role.COORDINATOR, team=zuid),
        municipality_user=UserFactory(
            username="gemeente", role=Role.MUNICIPALITY, municipality=municipality
        ),
        municipal_admin=UserFactory(
            username="beheer-gemeente", role=Role.MUNICIPAL_ADMIN, municipality=municipality
        ),
        admin=UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True),
        household=household,
        other_household=other_household,
    )


@pytest.fixture
def api():
    return client_for


# --- N+1 detector ---
# django-zeal raises NPlusOneError when a request makes the same query once per row (a
# relation read in a loop without select_related/prefetch_related, or .get() in a loop), so
# a page or API call with an N+1 answers 500 and its test fails. Every request a test makes
# through Django is watched on its own (zeal's middleware), as in a server; the test's own
# setup code is not. On for every test; `N_PLUS_ONE_CHECK=0` switches it off (to tell an
# N+1 from another failure).
@pytest.fixture(scope="session")
def _zeal_patched():
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    initialize_app_registry()
    patch()


@pytest.fixture
def n_plus_one_detector(_zeal_patched, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "zeal.middleware.zeal_middleware"]
    # Three, not zeal's two: a form with two choice fields of one model (from peer, to
    # peer) looks each up once from the same line of Django; a list of three or more
    # rows read one by one still fails.
    settings.ZEAL_NPLUSONE_THRESHOLD = 3
    # The admin's delete confirmation names every membership of the team ("user @ team")
    # from rows Django's deletion collector reads itself, which no queryset of ours can
    # join; a page for admins only, used once per team. Everywhere else memberships are
    # read with their user (the admin inline included).
    settings.ZEAL_ALLOWLIST = [{"model": "outreach.TeamMembership", "field": "user"}]


@pytest.fixture(autouse=True)
def _n_plus_one_detector_everywhere(request):
    if os.environ.get("N_PLUS_ONE_CHECK", "1") != "0":
        request.getfixturevalue("n_plus_one_detector")
