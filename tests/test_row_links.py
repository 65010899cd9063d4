"""A list's row links are made once per route: each is the link reverse() gives."""

import pytest
from django.urls import reverse

from outreach.views.links import row_link


@pytest.mark.parametrize("name", ["peer:household", "coordinator:assign", "coordinator:close"])
@pytest.mark.parametrize("key", [1, 7, 98765, 987654321987])
def test_a_row_link_is_the_link_reverse_gives(name, key):
    assert row_link(name)(key) == reverse(name, args=[key])
