"""Every URL the project serves, with ids put in: for the tests that walk all routes."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

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
    # The router's regex routes sit under a path prefix: their anchors are inside the route.
    route = route.replace("^", "").replace("$", "")
    if "<" not in route:
        return ["/" + route]
    return ["/" + PARAMETER.sub(value, route) for value in ids]
