"""`openbuy ocds export`: release packages, record packages and JSON Lines of the stored
releases, split at the limits, each package declaring exactly the extensions its
releases use, compressed when asked, listed in a manifest, and put in place whole."""

import gzip
import hashlib
import io
import itertools
import pathlib

import orjson
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from openbuy.opendata import bulk, bulkfiles
from openbuy.opendata.models import Record, Release
from tests import helpers
from tests.opendata import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.releases()


def _json(path):
    return orjson.loads(path.read_bytes())


def _without_uri_and_time(package: dict) -> dict:
    return {k: v for k, v in package.items() if k not in {"uri", "publishedDate"}}


def _names(pattern: str, files: int) -> list[str]:
    return [pattern.format(number) for number in range(1, files + 1)]


def _stored_releases() -> list[dict]:
    return [
        orjson.loads(data)
        for data in Release.objects.order_by("seq").values_list("data", flat=True)
    ]


def test_release_packages_are_split_at_the_limit_and_declare_the_extensions_they_use(
    tmp_path, published
):
    stored = factories.stored_extensions()
    parts = list(itertools.batched(stored, 3))
    expected = [factories.declared(part) for part in parts]
    # Files whose releases use different extensions, so each must declare its own.
    assert len(parts) > 2
    assert len({str(each) for each in expected}) > 1

    manifest = bulk.export(tmp_path, kinds=["releases"], limits=bulk.Limits(count=3))

    names = _names("releases-{:04d}.json", len(parts))
    assert factories.files_in(tmp_path) == ["manifest.json", *names]
    written = [_json(factories.bulk_file(tmp_path, name)) for name in names]
    for package in written:
        factories.assert_valid_package(package, "release")
        assert package["version"] == "1.1"
        assert package["publisher"] == {"name": "openbuy"}
        assert package["publicationPolicy"] == "http://127.0.0.1:8000/open-data/"
        assert package["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert written[0]["uri"] == "http://127.0.0.1:8000/open-data/downloads/releases-0001.json"
    with translation.override(None):  # the path the downloads are served at
        assert written[0]["uri"].endswith(reverse("opendata:download", args=[names[0]]))
    assert [package.get("extensions") for package in written] == expected
    assert [r for package in written for r in package["releases"]] == _stored_releases()
    assert [(e["name"], e["count"]) for e in manifest["files"]] == list(
        zip(names, factories.split(len(stored), 3), strict=True)
    )
    assert manifest["releases"] == len(stored)


def test_a_release_a_file_declares_each_releases_own_extensions(tmp_path, published):
    stored = factories.stored_extensions()

    bulk.export(tmp_path, kinds=["releases"], limits=bulk.Limits(count=1))

    written = [
        _json(factories.bulk_file(tmp_path, name))
        for name in _names("releases-{:04d}.json", len(stored))
    ]
    assert [len(package["releases"]) for package in written] == [1] * len(stored)
    declared = [package.get("extensions") for package in written]
    assert declared == [factories.declared([keys]) for keys in stored]
    by_id = {p["releases"][0]["id"]: each for p, each in zip(written, declared, strict=True)}
    assert by_id[f"{published['scottish'].ocid}-2"] == factories.urls("lots", "bids")  # close
    # The framework's contracts use none: their packages leave the field out.
    assert None in declared


def test_record_packages_link_each_release_and_embed_the_compiled_release(tmp_path, published):
    bulk.export(tmp_path, kinds=["records"], limits=bulk.Limits(count=1))

    # Records in ocid order: the Australian one (ocds-testau-...) first.
    ocids = [published[key].ocid for key in ("australian", "framework", "scottish")]
    names = _names("records-{:04d}.json", len(ocids))
    assert factories.files_in(tmp_path) == ["manifest.json", *names]
    for ocid, name in zip(ocids, names, strict=True):
        package = _json(factories.bulk_file(tmp_path, name))
        factories.assert_valid_package(package, "record")
        assert package.get("extensions") == factories.declared(
            factories.stored_extensions(ocid=ocid)
        )
        (record,) = package["records"]
        assert record["ocid"] == ocid
        assert record["compiledRelease"] == orjson.loads(Record.objects.get(ocid=ocid).compiled)
        releases = [
            orjson.loads(data)
            for data in Release.objects.filter(ocid=ocid)
            .order_by("date")
            .values_list("data", flat=True)
        ]
        assert record["releases"] == [
            {
                "url": f"http://127.0.0.1:8000/api/v1/ocds/releases/{release['id']}",
                "date": release["date"],
                "tag": release["tag"],
            }
            for release in releases
        ]
    scottish = _json(factories.bulk_file(tmp_path, names[2]))
    assert scottish["extensions"] == factories.urls("lots", "bids", "scale")
    assert len(scottish["records"][0]["releases"]) == 3


def test_json_lines_hold_the_release_packages_releases_one_a_line(tmp_path, published):
    bulk.export(tmp_path, kinds=["releases", "jsonl"], limits=bulk.Limits(count=3))

    files = len(factories.split(Release.objects.count(), 3))
    assert files > 1
    for name in _names("releases-{:04d}", files):
        package = _json(factories.bulk_file(tmp_path, f"{name}.json"))
        lines = factories.bulk_file(tmp_path, f"{name}.jsonl").read_bytes().splitlines()
        assert [orjson.loads(line) for line in lines] == package["releases"]


def test_compressed_files_unpack_to_the_same_data_and_the_manifest_describes_them(
    tmp_path, published
):
    releases, records = Release.objects.count(), Record.objects.count()
    plain = bulk.export(tmp_path / "plain", limits=bulk.Limits(count=2))
    packed = bulk.export(tmp_path / "packed", compress=True, limits=bulk.Limits(count=2))

    release_files = len(factories.split(releases, 2))
    assert [e["name"] for e in packed["files"]] == [
        *_names("releases-{:04d}.json.gz", release_files),
        *_names("records-{:04d}.json.gz", len(factories.split(records, 2))),
        *_names("releases-{:04d}.jsonl.gz", release_files),
    ]
    assert packed["compressed"] is True
    for entry, unpacked in zip(packed["files"], plain["files"], strict=True):
        content = factories.bulk_file(tmp_path / "packed", entry["name"]).read_bytes()
        expected = factories.bulk_file(tmp_path / "plain", unpacked["name"]).read_bytes()
        if entry["kind"] == "jsonl":
            assert gzip.decompress(content) == expected
        else:  # the same package but for its address (.gz) and perhaps its time
            package, expected = orjson.loads(gzip.decompress(content)), orjson.loads(expected)
            assert package["uri"] == expected["uri"] + ".gz"
            assert _without_uri_and_time(package) == _without_uri_and_time(expected)
        assert entry["size"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["count"] == unpacked["count"]
    assert _json(tmp_path / "packed" / "manifest.json") == packed
    assert packed["written_at"].endswith("Z")
    assert (packed["releases"], packed["records"]) == (releases, records)


def test_no_file_passes_the_byte_limit(tmp_path, published):
    longest = max(len(data) for data in Release.objects.values_list("data", flat=True))
    room = bulk._ROOM + 1_000  # the head with every extension, and the tail
    limit = room + 2 * longest + 1

    manifest = bulk.export(tmp_path, kinds=["releases", "jsonl"], limits=bulk.Limits(bytes=limit))

    sizes = [(e["kind"], e["count"], e["size"]) for e in manifest["files"]]
    assert all(size <= limit for _kind, _count, size in sizes)
    for kind in ("releases", "jsonl"):
        counts = [count for of, count, _size in sizes if of == kind]
        assert len(counts) > 1
        assert sum(counts) == Release.objects.count()


@pytest.mark.parametrize("count", [1, 2, 3, 5, 250_000])
@pytest.mark.parametrize("longest_a_file", [1, 2, 3])
def test_files_cut_by_count_and_bytes_together_hold_every_release_once_in_order(
    tmp_path, published, count, longest_a_file
):
    stored = factories.stored_extensions()
    longest = max(len(data) for data in Release.objects.values_list("data", flat=True))
    limit = bulk._ROOM + 1_000 + longest_a_file * (longest + 1)
    limits = bulk.Limits(count=count, bytes=limit)
    # The database's sums cut as reading each release's length would.
    rows = Release.objects.order_by("seq").values_list("seq", "extensions", "size")
    assert [vars(cut) for cut in bulk._release_cuts(Release.objects.all(), limits, 1_000)] == [
        vars(cut) for cut in bulk._cuts(rows, limits, 1_000)
    ]

    manifest = bulk.export(tmp_path, kinds=["releases"], limits=limits)

    packages = [_json(factories.bulk_file(tmp_path, e["name"])) for e in manifest["files"]]
    assert [r for package in packages for r in package["releases"]] == _stored_releases()
    assert all(e["count"] <= count and e["size"] <= limit for e in manifest["files"])
    ends = itertools.accumulate(len(package["releases"]) for package in packages)
    assert [package.get("extensions") for package in packages] == [
        factories.declared(stored[end - len(package["releases"]) : end])
        for package, end in zip(packages, ends, strict=True)
    ]


def test_a_releases_size_is_its_stored_length(published):
    assert [size for size, _data in Release.objects.values_list("size", "data")] == [
        len(data) for _size, data in Release.objects.values_list("size", "data")
    ]


def test_an_export_that_fails_while_putting_files_in_place_changes_nothing_served(
    tmp_path, published, monkeypatch
):
    before = bulk.export(tmp_path, kinds=["releases", "records"])
    served = {e["name"]: factories.bulk_file(tmp_path, e["name"]) for e in before["files"]}
    renamed = []

    def killed_after_the_first(self, target):
        if renamed:
            raise OSError("killed")
        renamed.append(target)
        return original(self, target)

    original = pathlib.Path.replace
    monkeypatch.setattr(pathlib.Path, "replace", killed_after_the_first)
    with pytest.raises(OSError, match="killed"):
        # A file a release: releases-0001.json differs from the one served.
        bulk.export(tmp_path, kinds=["releases", "records"], limits=bulk.Limits(count=1))
    monkeypatch.undo()

    assert _json(tmp_path / "manifest.json") == orjson.loads(orjson.dumps(before))
    for entry in before["files"]:
        path = factories.bulk_file(tmp_path, entry["name"])
        assert path == served[entry["name"]]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert path.stat().st_size == entry["size"]
    # The next export removes what the failed one left.
    after = bulk.export(tmp_path, kinds=["releases"])
    assert factories.files_in(tmp_path) == ["manifest.json", *(e["name"] for e in after["files"])]


def test_a_new_generation_replaces_the_files_of_the_last(tmp_path, published):
    releases, records = Release.objects.count(), Record.objects.count()
    bulk.export(tmp_path, kinds=["releases", "records"], limits=bulk.Limits(count=1))
    assert len(factories.files_in(tmp_path)) == 1 + releases + records
    # What exports killed while writing, or between renaming and the manifest, leave.
    (tmp_path / ".releases-0001.json.0123abcd.tmp").write_bytes(b'{"uri":')
    (tmp_path / "releases-0009.json.gz").write_bytes(b"")

    manifest = bulk.export(tmp_path, kinds=["releases"])

    assert factories.files_in(tmp_path) == ["manifest.json", "releases-0001.json"]
    assert [e["name"] for e in manifest["files"]] == ["releases-0001.json"]
    assert len(_json(factories.bulk_file(tmp_path, "releases-0001.json"))["releases"]) == releases


def test_one_jurisdictions_files_are_its_own_dataset(tmp_path, published):
    bulk.export(tmp_path, kinds=["releases"])
    australia = helpers.jurisdiction("AU")

    manifest = bulk.export(tmp_path, kinds=["releases", "records"], jurisdiction=australia)

    assert manifest["jurisdiction"] == "AU"
    both = [
        "au-manifest.json",
        "au-records-0001.json",
        "au-releases-0001.json",
        "manifest.json",
        "releases-0001.json",
    ]
    assert factories.files_in(tmp_path) == both
    (release,) = _json(factories.bulk_file(tmp_path, "au-releases-0001.json"))["releases"]
    assert release["ocid"] == f"ocds-testau-rq-{published['australian'].pk}"
    assert (
        len(_json(factories.bulk_file(tmp_path, "releases-0001.json"))["releases"])
        == Release.objects.count()
    )
    # A new generation of the whole instance's dataset leaves Australia's alone.
    bulk.export(tmp_path, kinds=["releases"])
    assert factories.files_in(tmp_path) == both


def test_nothing_published_writes_an_empty_manifest(tmp_path):
    manifest = bulk.export(tmp_path)

    assert manifest["files"] == []
    assert factories.files_in(tmp_path) == ["manifest.json"]


def test_the_command_says_what_it_wrote(tmp_path, published):
    printed = factories.export_command(
        "--out", str(tmp_path), "--gzip", "--what", "releases,jsonl", "--max-count", "2"
    )

    releases = Release.objects.count()
    files = len(factories.split(releases, 2))
    assert printed.splitlines()[0].startswith("releases-0001.json.gz: 2 releases, ")
    assert (
        printed.splitlines()[-1] == f"Wrote {2 * files} files ({releases} releases) to {tmp_path}"
    )
    assert factories.files_in(tmp_path) == [
        "manifest.json",
        *sorted(
            _names("releases-{:04d}.json.gz", files) + _names("releases-{:04d}.jsonl.gz", files)
        ),
    ]


def test_the_command_shows_progress_when_asked(tmp_path, published):
    err = io.StringIO()
    call_command(
        "ocds", "export", "--out", str(tmp_path), "--progress", stdout=io.StringIO(), stderr=err
    )

    releases, records = Release.objects.count(), Record.objects.count()
    assert f"\rreleases-0001.json: {releases} written, " in err.getvalue()
    assert f"\rrecords-0001.json: {records} written, " in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--what", "releases,csv"], r"^Error: argument --what: csv is not a kind of file"),
        (["--max-count", "0"], r"^Error: argument --max-count: '0' is not a whole number"),
        (["--max-count", "１２"], r"^Error: argument --max-count: '１２' is not a whole number"),
        (["--jurisdiction", "XX"], r"^No jurisdiction has the code 'XX'$"),
        (["--jurisdiction", ""], r"^--jurisdiction needs a code, as GB-SCT$"),
        (["--out", ""], r"^Error: argument --out: needs a folder$"),
    ],
)
def test_the_command_refuses_bad_options_in_one_line(tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        factories.export_command("--out", str(tmp_path), *args)
    assert "\n" not in str(refused.value)


def test_an_export_into_a_folder_being_written_is_refused(tmp_path, published):
    busy = pytest.raises(CommandError, match=f"^Another export is writing to {tmp_path}$")
    with bulkfiles.locked(tmp_path), busy:
        factories.export_command("--out", str(tmp_path))


def test_records_read_in_batches_link_the_same_releases(tmp_path, published, monkeypatch):
    bulk.export(tmp_path / "whole", kinds=["records"])
    monkeypatch.setattr(bulk, "CHUNK", 1)

    bulk.export(tmp_path / "batched", kinds=["records"])

    whole = _json(factories.bulk_file(tmp_path / "whole", "records-0001.json"))["records"]
    assert _json(factories.bulk_file(tmp_path / "batched", "records-0001.json"))["records"] == whole
    assert [record["ocid"] for record in whole] == [
        published[key].ocid for key in ("australian", "framework", "scottish")
    ]
    assert [len(record["releases"]) for record in whole] == [
        Release.objects.filter(ocid=record["ocid"]).count() for record in whole
    ]
