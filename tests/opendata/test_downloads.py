"""The downloads page lists each dataset's current bulk files and serves them, only
those a manifest names; the daily task writes them where the page looks."""

import datetime
import gzip

import orjson
import pytest
from django.db import connection

from openbuy.core import tasks
from openbuy.opendata import bulk
from openbuy.opendata.models import Release
from openbuy.opendata.tasks import export_bulk_files
from tests import helpers
from tests.opendata import factories

pytestmark = pytest.mark.django_db

PAGE = "/open-data/downloads/"


@pytest.fixture
def folder(settings, tmp_path):
    settings.OPENBUY_OCDS_EXPORT_DIR = tmp_path
    return tmp_path


@pytest.fixture
def exported(folder):
    factories.releases()
    bulk.export(folder, compress=True, limits=bulk.Limits(count=3))
    bulk.export(folder, kinds=["releases"], jurisdiction=helpers.jurisdiction("AU"))
    return folder


def _body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


_CONTENTS = {
    "releases": "Release package of {} release",
    "records": "Record package of {} record",
    "jsonl": "JSON Lines of {} release",
}


def _row(page: str, name: str, start: int, end: int) -> str:
    """The table row of the file, which must lie between `start` and `end`."""
    link = page.index(f'href="/open-data/downloads/{name}"', start, end)
    return page[link : page.index("</tr>", link)]


def test_the_page_lists_each_datasets_files_with_their_size_count_and_date(client, exported):
    page = client.get(PAGE).content.decode()

    whole = page.index("All jurisdictions")
    australia = page.index('<h2 class="govuk-heading-l">Australia</h2>')
    assert whole < australia
    # Each dataset's rows lie under its own heading.
    datasets = {"manifest.json": (whole, australia), "au-manifest.json": (australia, len(page))}
    for name, (start, end) in datasets.items():
        files = orjson.loads(factories.bulk_file(exported, name).read_bytes())["files"]
        assert files
        for entry in files:
            count = entry["count"]
            contents = _CONTENTS[entry["kind"]].format(count) + ("<" if count == 1 else "s<")
            assert contents in _row(page, entry["name"], start, end)
    # Both numbers: the limit of 3 fills the first file, and Australia has one release.
    first = _row(page, "releases-0001.json.gz", *datasets["manifest.json"])
    assert "Release package of 3 releases<" in first
    only = _row(page, "au-releases-0001.json", *datasets["au-manifest.json"])
    assert "Release package of 1 release<" in only
    size = factories.bulk_file(exported, "au-releases-0001.json").stat().st_size
    assert f"{size / 1024:.1f}\xa0KB" in page
    assert 'href="/open-data/downloads/manifest.json"' in page
    written = orjson.loads((exported / "manifest.json").read_bytes())["written_at"]
    day = datetime.datetime.fromisoformat(written).astimezone(datetime.UTC)
    assert f"Written {day.day} {day:%B %Y}" in page


def test_before_any_export_the_page_says_so(client, folder):
    page = client.get(PAGE).content.decode()

    assert "No files have been written yet." in page


def test_a_compressed_file_is_a_gzip_download(client, exported):
    response = client.get(PAGE + "releases-0001.json.gz")

    assert response["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response
    assert response["Content-Disposition"] == 'attachment; filename="releases-0001.json.gz"'
    body = _body(response)
    assert body == factories.bulk_file(exported, "releases-0001.json.gz").read_bytes()
    assert len(orjson.loads(gzip.decompress(body))["releases"]) == 3


def test_plain_files_and_manifests_are_json_downloads(client, exported):
    published = Release.objects.count()
    response = client.get(PAGE + "au-releases-0001.json")
    assert response["Content-Type"] == "application/json"
    assert len(orjson.loads(_body(response))["releases"]) == 1

    manifest = client.get(PAGE + "manifest.json")
    assert manifest["Content-Type"] == "application/json"
    assert orjson.loads(_body(manifest))["releases"] == published


def test_a_file_is_not_sent_again_to_who_has_it(client, exported):
    first = client.get(PAGE + "records-0001.json.gz")
    _body(first)

    again = client.get(PAGE + "records-0001.json.gz", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304


@pytest.mark.parametrize(
    "name",
    [
        "releases-0009.json.gz",  # not written
        "releases-0001.json",  # written compressed only
        ".lock",
        "..%2F..%2Fsettings.py",
        "..%2Fmanifest.json",
        "%2Fetc%2Fpasswd",
        "notes.txt",
    ],
)
def test_only_the_files_a_manifest_names_are_served(client, exported, name):
    (exported / "notes.txt").write_text("not open data")

    assert client.get(PAGE + name).status_code == 404


def test_a_file_written_beside_them_is_not_served(client, exported):
    (exported / "releases-0099.json").write_bytes(b"{}")

    assert client.get(PAGE + "releases-0099.json").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_writes_the_files_the_page_serves(client, folder):
    """Outside a transaction, as in the worker: the export reads one snapshot of its own,
    and leaves none open."""
    assert (export_bulk_files, datetime.timedelta(days=1)) in tasks.PERIODIC
    factories.releases()

    result = export_bulk_files.enqueue()

    assert result.return_value == "3 files written"
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    assert [e["name"] for e in manifest["files"]] == [
        "releases-0001.json.gz",
        "records-0001.json.gz",
        "releases-0001.jsonl.gz",
    ]
    served = client.get(PAGE + "records-0001.json.gz")
    assert _body(served) == factories.bulk_file(folder, "records-0001.json.gz").read_bytes()
    assert not connection.in_atomic_block
    if connection.vendor == "sqlite":
        assert not connection.connection.in_transaction
