"""Bad input and abuse get a clear 4xx: oversized bodies, malformed JSON, wrong content
types, huge page sizes and unknown filters. (Unsigned webhooks: tests/notifications.)"""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from api.urls import router
from tests.helpers import client_for


def list_paths() -> list[str]:
    paths = []
    for _prefix, _viewset, basename in router.registry:
        try:
            paths.append(reverse(f"{basename}-list"))
        except NoReverseMatch:
            continue  # a resource without a list (no GET on the collection)
    return paths


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_an_oversized_body_is_refused_with_413_before_it_is_read(world):
    big = {"contact_name": "x" * 20_000}
    response = client_for(world.coordinator).post(
        "/api/v1/households/", big, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_an_oversized_form_is_refused_with_413_on_the_pages_too(client, world):
    client.force_login(world.peer)
    response = client.post("/households/new/", {"contact_name": "x" * 20_000})
    assert response.status_code == 413


def test_malformed_json_is_a_clear_400(world):
    response = client_for(world.coordinator).post(
        "/api/v1/households/",
        data='{"contact_name": "Nieuw",',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "image/png"])
def test_a_body_of_the_wrong_content_type_is_415(world, content_type):
    response = client_for(world.coordinator).post(
        "/api/v1/households/", data="contact_name=Nieuw", content_type=content_type
    )
    assert response.status_code == 415
    assert "detail" in response.json()


@pytest.mark.parametrize("page_size", ["100000", "0", "-1", "abc", "1e9"])
def test_a_page_size_outside_1_to_200_is_a_clear_400(world, page_size):
    response = client_for(world.coordinator).get(
        f"/api/v1/households/?page_size={page_size}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Enter a whole number from 1 to 200."]}


def test_the_largest_page_size_is_served(world):
    response = client_for(world.coordinator).get("/api/v1/households/?page_size=200")
    assert response.status_code == 200


def test_a_misspelt_filter_is_a_400_naming_it_not_an_unfiltered_list(world):
    response = client_for(world.coordinator).get(
        "/api/v1/households/?staus=active", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"staus": ["Unknown filter. This list does not filter on it."]}


def test_known_filters_search_ordering_and_pages_are_accepted(world):
    client = client_for(world.coordinator)
    query = "status=active&search=HH&ordering=-id&page=1&page_size=5&registered_after=2020-01-01"
    assert client.get(f"/api/v1/households/?{query}").status_code == 200
    assert client.get("/api/v1/conflicts/?resolved=true").status_code == 200


def test_every_list_rejects_an_unknown_filter(world):
    client = client_for(world.admin)
    paths = list_paths()
    assert len(paths) > 20
    for path in paths:
        plain = client.get(path)
        if plain.status_code != 200:
            continue  # not a list the admin may read (answered 4xx anyway)
        response = client.get(f"{path}?no_such_filter=1")
        assert response.status_code == 400, path
        assert "no_such_filter" in response.json(), path


def test_search_is_offered_only_by_lists_that_search_something(world):
    # A list without search fields would ignore ?search= and hand back every row.
    client = client_for(world.admin)
    searching = {
        reverse(f"{basename}-list")
        for _prefix, viewset, basename in router.registry
        if getattr(viewset, "search_fields", None)
    }
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    checked = 0
    for path in list_paths():
        if client.get(path).status_code != 200:
            continue
        documented = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        answer = client.get(f"{path}?search=a").status_code
        if path in searching:
            assert answer == 200 and "search" in documented, path
        else:
            assert answer == 400 and "search" not in documented, path
            checked += 1
    assert checked >= 3 and len(searching) >= 5


def test_a_filter_given_twice_is_a_400_not_a_silent_choice(world):
    response = client_for(world.coordinator).get(
        "/api/v1/households/?status=active&status=closed", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"status": ["Give this parameter once."]}


def test_an_unknown_format_is_a_404_not_a_server_error(world):
    # Found by schemathesis: the refusal was logged after the transaction was marked for
    # rollback, before the token had been looked up.
    client = client_for(world.coordinator)
    assert client.get("/api/v1/reach/?format=nonsense").status_code == 404
    assert client.patch(f"/api/v1/visits/{world.household.pk}.123/", {}).status_code == 404


def test_an_unknown_api_path_answers_404_in_json(world):
    response = client_for(world.coordinator).get("/api/v1/activities/0..0/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_empty_filter_or_a_boolean_that_is_not_true_or_false_is_a_400(world):
    client = client_for(world.coordinator)
    empty = client.get("/api/v1/households/?referral_source=", HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 400
    assert empty.json() == {"referral_source": ["Give a value, or leave this filter out."]}
    fuzzy = client.get("/api/v1/provisions/?active=maybe", HTTP_ACCEPT_LANGUAGE="en")
    assert fuzzy.status_code == 400
    assert fuzzy.json() == {"active": ["Use true or false."]}
    assert client.get("/api/v1/provisions/?active=true").status_code == 200


def test_reach_figures_refuse_an_empty_parameter(world):
    response = client_for(world.municipality_user).get(
        "/api/v1/reach/?period=", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"period": ["Give a value, or leave this out."]}
