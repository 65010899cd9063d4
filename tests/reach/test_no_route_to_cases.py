"""The municipality role reaches no case record by any route: every URL the project
serves, with any id filled in, answers without a household's details."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import client_for

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def every_route(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from every_route(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def concrete(route: str, ids: list[str]) -> list[str]:
    """The route with each id put in for its parameters (regex routes made plain)."""
    route = route.lstrip("^").rstrip("$").replace("\\.", ".")
    route = re.sub(r"\(\?P<format>[^)]*\)", "", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    if "<" not in route:
        return ["/" + route]
    return ["/" + PARAMETER.sub(value, route) for value in ids]


def test_the_municipality_reaches_no_case_record_by_any_route(world):
    # Given the municipality's user and the households of both teams
    client = client_for(world.municipality_user)
    client.force_login(world.municipality_user)  # pages too, not only the API
    households = [world.household, world.other_household]
    secrets = [h.contact_name for h in households] + [h.reference for h in households]
    ids = [str(h.pk) for h in households] + [str(h.visits.first().client_uuid)
                                             for h in households]  # fmt: skip
    routes = [url for route in every_route() for url in concrete(route, ids)]
    assert len(routes) > 40
    # When every route is asked for
    for url in routes:
        if "logout" in url or "set_language" in url.replace("i18n/setlang", "set_language"):
            continue
        response = client.get(url)
        # Then none answers with a household's name or reference
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="ignore")
        assert not [secret for secret in secrets if secret in text], url
