"""The menu offers each role the pages its policies allow (templates ask policies.py through
the `may` filter, and never compare role names)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

MENU = {
    "/households/new/": "peer",
    "/coordinator/intake/": "coordinator",
    "/notifications/outbox/": "coordinator",
    "/audit/access-log/": "coordinator",
    "/reach/": "reach",
    "/offer/": "offer",
    "/reach/signals/": "inbox",
    "/phone/pin/": "app lock",
    "/admin/": "management",
}
OFFERED = {
    "peer": {"peer", "app lock", "offer"},
    "coordinator": {"coordinator", "reach", "offer"},
    "admin": {"coordinator", "reach", "offer", "inbox", "management"},
    "municipality_user": {"reach", "offer", "inbox"},
    "municipal_admin": {"offer", "management"},
    "anonymous": set(),
}


def menu_for(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "partials/nav.html" %}')
    return template.render(Context({"request": request, "user": request.user}))


@pytest.mark.parametrize("role", list(OFFERED))
def test_the_menu_offers_each_role_the_pages_its_policies_allow(world, role):
    # Given a user of this role (anonymous: nobody logged in)
    user = world.user(role) or AnonymousUser()
    # When the menu is drawn for them
    menu = menu_for(user)
    # Then it links to the pages of their kind, and to no others
    for path, kind in MENU.items():
        assert (f'href="{path}"' in menu) == (kind in OFFERED[role]), (role, path)


def test_a_template_asking_a_question_policies_do_not_answer_fails(world):
    template = Template('{% load policies %}{% if user|may:"see_everything" %}x{% endif %}')
    with pytest.raises(KeyError):
        template.render(Context({"user": world.peer}))
