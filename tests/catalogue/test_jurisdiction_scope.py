"""Public lists show the chosen jurisdiction's content, with a way to see all of them; the
API takes ?jurisdiction=CODE. Each jurisdiction here has a live catalogue of its own."""

import pytest
from django.db import transaction

from openbuy.catalogue import browse
from tests.frameworks import factories as f


@pytest.fixture
def catalogues(db):
    f.scottish_and_australian_catalogues()


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_choosing_australia_shows_only_its_services_and_frameworks(client, catalogues):
    client.post("/jurisdictions/choose/", {"code": "AU"})
    services = _page(client, "/services/")
    assert "Outback hosting" in services
    assert "Highland hosting" not in services
    assert "£" not in services
    assert "Showing Australia only." in services
    frameworks = _page(client, "/frameworks/")
    assert "Cloud Marketplace 2" in frameworks
    assert "G Cloud 14" not in frameworks
    organisations = _page(client, "/organisations/?kind=supplier")
    assert "Wattle Labs" in organisations
    assert "Thistle Digital" not in organisations


def test_the_default_jurisdiction_is_shown_until_another_is_chosen(client, catalogues):
    services = _page(client, "/services/")
    assert "Highland hosting" in services
    assert "Outback hosting" not in services
    assert "Showing Scotland only." in services
    assert "G Cloud 14" in _page(client, "/frameworks/")
    assert "Cloud Marketplace 2" not in _page(client, "/frameworks/")


def test_show_all_jurisdictions_lists_everything_and_keeps_the_search(client, catalogues):
    client.post("/jurisdictions/choose/", {"code": "AU"})
    services = _page(client, "/services/?q=hosting")
    assert 'href="?q=hosting&amp;jurisdiction=all"' in services
    everything = _page(client, "/services/?q=hosting&jurisdiction=all")
    assert "Outback" in everything
    assert "Highland" in everything
    assert "Showing all jurisdictions." in everything
    # Both frameworks have a lot called Cloud hosting: each says whose it is.
    assert "Cloud hosting, Cloud Marketplace 2</a>" in everything
    assert "Cloud hosting, G Cloud 14</a>" in everything
    assert "Cloud hosting</a>" in services
    assert 'href="?q=hosting">Show Australia only</a>' in everything
    # The search form carries the choice along.
    assert '<input type="hidden" name="jurisdiction" value="all">' in everything
    frameworks = _page(client, "/frameworks/?jurisdiction=all")
    assert "Cloud Marketplace 2" in frameworks
    assert "G Cloud 14" in frameworks
    organisations = _page(client, "/organisations/?kind=supplier&jurisdiction=all")
    assert "Wattle Labs" in organisations
    assert "Thistle Digital" in organisations


def test_an_address_naming_a_jurisdiction_shows_it_whatever_was_chosen(client, catalogues):
    services = _page(client, "/services/?jurisdiction=AU")
    assert "Outback hosting" in services
    assert "Highland hosting" not in services
    # A lot of another jurisdiction, from a shared link, still shows its services.
    au_lot = next(lot for lot in browse.live_lots() if lot.framework.slug == "cloud-marketplace-2")
    lot_page = _page(client, f"/services/?lot={au_lot.pk}")
    assert "Outback hosting" in lot_page
    assert "Showing Australia only." in lot_page


def test_the_api_filters_by_jurisdiction_and_refuses_an_unknown_one(client, catalogues):
    def names(url):
        return sorted(s["name"] for s in client.get(url).json()["services"])

    assert names("/api/v1/services") == ["Highland hosting", "Outback hosting"]
    assert names("/api/v1/services?jurisdiction=AU") == ["Outback hosting"]
    assert names("/api/v1/services?jurisdiction=GB-SCT&q=hosting") == ["Highland hosting"]
    frameworks = client.get("/api/v1/frameworks?jurisdiction=AU").json()
    assert [x["slug"] for x in frameworks] == ["cloud-marketplace-2"]
    assert len(client.get("/api/v1/frameworks").json()) == 2
    for url in ("/api/v1/services?jurisdiction=ZZ", "/api/v1/frameworks?jurisdiction=ZZ"):
        response = client.get(url)
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "jurisdiction": ["There is no jurisdiction with the code ZZ"]
        }
    au_lot = next(lot for lot in browse.live_lots() if lot.framework.slug == "cloud-marketplace-2")
    refused = client.get(f"/api/v1/services?jurisdiction=GB-SCT&lot={au_lot.pk}")
    assert refused.status_code == 422


def test_the_api_takes_all_for_every_jurisdiction_as_the_pages_do(client, catalogues):
    services = client.get("/api/v1/services?jurisdiction=all")
    assert services.status_code == 200
    assert sorted(s["name"] for s in services.json()["services"]) == [
        "Highland hosting",
        "Outback hosting",
    ]
    frameworks = client.get("/api/v1/frameworks?jurisdiction=all")
    assert frameworks.status_code == 200
    assert len(frameworks.json()) == 2
    assert "Highland hosting" in _page(client, "/services/?jurisdiction=all")


@pytest.mark.django_db(transaction=True)
def test_a_jurisdiction_search_answers_alike_from_memory_and_from_the_engine(settings):
    """Outside a transaction the index in memory answers; inside one, the engine: both
    give the same services and counts for one jurisdiction's lots."""
    f.scottish_and_australian_catalogues()
    au_lots = [lot for lot in browse.live_lots() if lot.framework.currency == "AUD"]
    answers = []
    for in_memory in (True, False):
        settings.SEARCH_IN_MEMORY = in_memory
        for keywords in ("", "hosting", "highland"):
            found = browse.run(lot=None, keywords=keywords, lots=au_lots)
            answers.append(
                (in_memory, keywords, [h.title for h in found.hits], found.total, found.lots)
            )
    with transaction.atomic():
        found = browse.run(lot=None, keywords="hosting", lots=au_lots)
    assert [str(h.title) for h in found.hits] == ["Outback <mark>hosting</mark>"]
    memory = [a[1:] for a in answers if a[0]]
    engine = [a[1:] for a in answers if not a[0]]
    assert memory == engine
    assert [a[2] for a in memory] == [1, 1, 0]
