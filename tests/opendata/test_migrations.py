"""Open data's migrations on a store that already holds releases."""

import pytest
from django.core.management import call_command

from openbuy.opendata.models import Release
from tests.opendata import factories


@pytest.mark.django_db(transaction=True)
def test_releases_stored_before_sizes_were_kept_are_given_theirs():
    factories.releases()
    call_command("migrate", "opendata", "0002", verbosity=0)

    call_command("migrate", "opendata", verbosity=0)

    stored = list(Release.objects.values_list("size", "data"))
    assert len(stored) > 10
    assert [size for size, _data in stored] == [len(data) for _size, data in stored]
