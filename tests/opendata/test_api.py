"""The open data API: packages paged by a signed cursor, one release, one record, JSON
Lines, ETags, and a rate of its own."""

import orjson
import pytest
from django.test import Client

from openbuy.opendata import serialize
from openbuy.opendata.models import Record
from tests.query_counts import queries, same_queries

from . import world

pytestmark = pytest.mark.django_db

RELEASES = "/api/v1/ocds/releases"


def get(client, path, **headers):
    response = client.get(path, headers=headers)
    return response, orjson.loads(response.content) if response.content else None


def follow(client, path):
    """Every release, following links.next until a page is short; and the last next."""
    seen = []
    while True:
        response, body = get(client, path)
        assert response.status_code == 200
        seen += [r["id"] for r in body["releases"]]
        path = body["links"]["next"]
        if len(body["releases"]) < 2:
            return seen, path


def test_following_links_next_reads_every_release_once_in_order_then_what_came_later():
    place = world.jurisdiction()
    ocids = [world.publish(place, n) for n in range(5)]
    client = Client()
    seen, resume = follow(client, f"{RELEASES}?limit=2")
    assert seen == [f"{ocid}-1" for ocid in ocids]
    later = world.publish(place, 9)
    world.publish(place, 0, tag="tenderUpdate")
    _response, body = get(client, resume)
    assert [r["id"] for r in body["releases"]] == [f"{later}-1", f"{ocids[0]}-2"]


def test_a_page_declares_the_extensions_its_releases_use_and_no_others():
    place = world.jurisdiction()
    world.publish(place, 1)
    world.publish(place, 2, lots=True)
    _r, first = get(Client(), f"{RELEASES}?limit=1")
    assert "extensions" not in first
    _r, both = get(Client(), RELEASES)
    assert both["extensions"] == [serialize.EXTENSIONS["lots"]]
    assert both["version"] == "1.1"
    assert both["publicationPolicy"].endswith("/open-data/")


@pytest.mark.parametrize("cursor", ["nonsense", "0.1", "0.1:forged-signature", "ocid:x", "9" * 300])
def test_a_cursor_not_given_out_is_refused_with_a_reason(cursor):
    response, body = get(Client(), f"{RELEASES}?since={cursor}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "since" in body["errors"]


def test_a_record_cursor_is_no_release_cursor():
    place = world.jurisdiction()
    for n in range(3):
        world.publish(place, n)
    _r, page = get(Client(), "/api/v1/ocds/records?limit=1")
    after = page["links"]["next"].split("after=")[1]
    response, body = get(Client(), f"{RELEASES}?since={after}")
    assert response.status_code == 422
    assert "since" in body["errors"]


def test_an_unchanged_page_is_304_and_a_full_page_may_be_kept():
    place = world.jurisdiction()
    world.publish(place, 1)
    world.publish(place, 2)
    client = Client()
    full, _ = get(client, f"{RELEASES}?limit=2")
    assert full["Cache-Control"] == "public, max-age=86400"
    again, _ = get(client, f"{RELEASES}?limit=2", **{"If-None-Match": full["ETag"]})
    assert again.status_code == 304
    short, _ = get(client, f"{RELEASES}?limit=5")
    assert short["Cache-Control"] == "public, no-cache"
    world.publish(place, 3)
    changed, _ = get(client, f"{RELEASES}?limit=5", **{"If-None-Match": short["ETag"]})
    assert changed.status_code == 200


def test_nothing_new_is_204_with_the_same_position_to_ask_again():
    """OCDS packages hold at least one release, so an empty page is no package."""
    place = world.jurisdiction()
    client = Client()
    assert client.get(RELEASES).status_code == 204  # nothing published yet
    world.publish(place, 1)
    _r, page = get(client, RELEASES)
    resume = page["links"]["next"]
    empty = client.get(resume)
    assert empty.status_code == 204
    assert empty.content == b""
    assert empty["Link"] == f'<{resume}>; rel="next"'
    later = world.publish(place, 2)
    _r, page = get(client, resume)
    assert [r["ocid"] for r in page["releases"]] == [later]
    assert client.get("/api/v1/ocds/records").status_code == 200


def test_any_site_may_read_it_and_a_weak_tag_still_matches():
    ocid = world.publish(world.jurisdiction(), 1)
    client = Client()
    for path in [
        RELEASES,
        f"{RELEASES}/{ocid}-1",
        "/api/v1/ocds/records",
        f"/api/v1/ocds/records/{ocid}",
    ]:
        head = client.head(path)
        assert head.status_code == 200, path
        assert head["ETag"] == client.get(path)["ETag"]
    first, _ = get(client, RELEASES)
    assert first["Access-Control-Allow-Origin"] == "*"
    again, _ = get(client, RELEASES, **{"If-None-Match": "W/" + first["ETag"]})
    assert again.status_code == 304


def test_json_lines_one_release_a_line():
    place = world.jurisdiction()
    ocids = [world.publish(place, n) for n in range(3)]
    response = Client().get(f"{RELEASES}?format=jsonl")
    assert response["Content-Type"] == "application/jsonl"
    lines = response.content.decode().splitlines()
    assert [orjson.loads(line)["ocid"] for line in lines] == ocids
    assert 'rel="next"' in response["Link"]


def test_one_release_and_one_record_with_its_compiled_and_versioned_release():
    place = world.jurisdiction()
    ocid = world.publish(place, 1)
    world.publish(place, 1, tag="tenderUpdate", status="complete")
    _r, one = get(Client(), f"{RELEASES}/{ocid}-2")
    assert [r["tag"] for r in one["releases"]] == [["tenderUpdate"]]
    _r, package = get(Client(), f"/api/v1/ocds/records/{ocid}?versioned=true")
    (record,) = package["records"]
    assert [link["url"].rsplit("/", 1)[1] for link in record["releases"]] == [
        f"{ocid}-1",
        f"{ocid}-2",
    ]
    assert record["compiledRelease"] == orjson.loads(Record.objects.get(ocid=ocid).compiled)
    assert record["compiledRelease"]["tender"]["status"] == "complete"
    statuses = record["versionedRelease"]["tender"]["status"]
    assert [(v["releaseID"], v["value"]) for v in statuses] == [
        (f"{ocid}-1", "active"),
        (f"{ocid}-2", "complete"),
    ]
    _r, embedded = get(Client(), f"/api/v1/ocds/records/{ocid}?releases=embedded")
    assert [r["id"] for r in embedded["records"][0]["releases"]] == [f"{ocid}-1", f"{ocid}-2"]


def test_what_is_not_there_is_a_404_problem():
    for path in [f"{RELEASES}/ocds-nothere-1", "/api/v1/ocds/records/ocds-nothere"]:
        response, body = get(Client(), path)
        assert response.status_code == 404
        assert body["status"] == 404


def test_record_packages_page_by_ocid():
    place = world.jurisdiction()
    ocids = sorted(world.publish(place, n) for n in range(5))
    seen, path = [], "/api/v1/ocds/records?limit=2"
    while path:
        _r, body = get(Client(), path)
        seen += [r["ocid"] for r in body["records"]]
        path = body.get("links", {}).get("next")
    assert seen == ocids


def test_a_client_asking_too_fast_is_told_when_to_come_back(settings):
    settings.OCDS_RATE = "2/m"
    world.publish(world.jurisdiction(), 1)
    client = Client()
    assert client.get(RELEASES).status_code == 200
    assert client.get(RELEASES).status_code == 200
    response, body = get(client, RELEASES)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert body["status"] == 429


def test_lists_take_as_many_queries_for_many_releases_as_for_few(django_assert_max_num_queries):
    place = world.jurisdiction()
    for n in range(2):
        world.publish(place, n)
    client = Client()
    paths = [RELEASES, "/api/v1/ocds/records", f"{RELEASES}?format=jsonl"]
    counts = {path: queries(client, path) for path in paths}
    for n in range(2, 8):
        world.publish(place, n)
    for path in paths:
        same_queries(client, path, counts[path], django_assert_max_num_queries)
