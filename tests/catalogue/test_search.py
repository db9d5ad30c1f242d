"""The catalogue as a source of core.search: `openbuy search reindex` makes the service index
again from the live services. (Tests of core.search itself are in tests/core.)"""

import io
import subprocess

import pytest
from django.core.management import call_command

from openbuy.catalogue.indexing import KIND
from openbuy.core import search
from openbuy.frameworks import actions as frameworks
from tests.core import processes

pytestmark = pytest.mark.django_db(transaction=True)


def _found() -> list[int]:
    return search.search(search.Query(kind=KIND, limit=100)).object_ids


def test_openbuy_search_reindex_makes_the_live_services_searchable_again(live):
    service = live[0]
    search.remove(KIND, [service.pk])  # as if the index had lost it
    assert _found() == []
    done = subprocess.run(
        [*processes.CLI, "search", "reindex"],
        env=processes.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    services = [line for line in done.stdout.splitlines() if line.startswith("service:")]
    assert services[:2] == ["service: reindexing", "service: 1 documents"]
    assert "service: 1 documents indexed in" in done.stdout
    assert _found() == [service.pk]
    card = search.search(search.Query(kind=KIND)).cards[0]
    assert card["supplier_name"] == service.supplier.name


def test_services_no_longer_live_are_left_out_of_a_reindex(live):
    _service, _supplier, person, framework = live
    frameworks.framework_expire(actor=person, framework=framework)
    # The index lost track, as a restore from an older backup might have left it.
    search.index(KIND, [search.Document(live[0].pk, title="stale", body="")])
    assert _found() == [live[0].pk]
    out = io.StringIO()
    call_command("search", "reindex", "--kind", KIND, stdout=out)
    assert "service: 0 documents indexed in" in out.getvalue()
    assert _found() == []
