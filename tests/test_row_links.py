"""A list's row links are made once per route: each is the link reverse() gives."""

import pytest
from django.urls import reverse

from outreach.views.links import row_link, row_links


@pytest.mark.parametrize("name", ["peer:household", "coordinator:assign", "coordinator:close"])
@pytest.mark.parametrize("key", [1, 7, 98765, 987654321987])
def test_a_row_link_is_the_link_reverse_gives(name, key):
    assert row_link(name)(key) == reverse(name, args=[key])


def test_a_rows_links_by_name_are_the_links_reverse_gives():
    links = row_links(household="peer:household", close="coordinator:close")
    assert links(42) == {
        "household": reverse("peer:household", args=[42]),
        "close": reverse("coordinator:close", args=[42]),
    }
