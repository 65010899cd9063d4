"""The N+1 detector (django-zeal) watches the requests a test makes: a view that reads a
relation row by row fails its test. (On for every test; N_PLUS_ONE_CHECK=0 switches it off.)"""

import os

import pytest
from django.http import HttpResponse
from django.urls import path
from zeal import NPlusOneError

from outreach.models import Household
from tests.factories import HouseholdFactory, TeamFactory


def team_names_row_by_row(request):
    return HttpResponse(", ".join(h.team.name for h in Household.objects.all()))


def team_names_joined(request):
    return HttpResponse(", ".join(h.team.name for h in Household.objects.select_related("team")))


urlpatterns = [path("slow/", team_names_row_by_row), path("fast/", team_names_joined)]


@pytest.fixture
def households(db, settings, n_plus_one_detector):
    settings.ROOT_URLCONF = __name__
    HouseholdFactory.create_batch(3, team=TeamFactory(name="Noord"))


def test_a_request_that_reads_a_relation_row_by_row_fails(client, households):
    with pytest.raises(NPlusOneError):
        client.get("/slow/")


def test_the_same_request_with_select_related_passes(client, households):
    response = client.get("/fast/")

    assert response.content.decode() == "Noord, Noord, Noord"


@pytest.mark.skipif(os.environ.get("N_PLUS_ONE_CHECK") == "0", reason="detector switched off")
def test_every_test_has_the_detector_without_asking_for_it(client, db, settings):
    # No n_plus_one_detector fixture named here: the suite switches it on for every test.
    settings.ROOT_URLCONF = __name__
    HouseholdFactory.create_batch(3, team=TeamFactory(name="Noord"))
    with pytest.raises(NPlusOneError):
        client.get("/slow/")
