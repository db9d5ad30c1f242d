"""`openbuy ocds export` meeting trouble: a full disk, Ctrl-C, what killed exports left
behind, a folder it cannot tidy. Each stops in one line or carries on, and what is
served stays whole."""

import io
import itertools
import os

import pytest
from django.core.management import CommandError, call_command

from openbuy.opendata import bulk, bulkfiles
from openbuy.opendata.models import Release
from tests.opendata import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.releases()


@pytest.mark.parametrize("kinds", [["releases"], ["jsonl"], ["records"]])
@pytest.mark.parametrize("failing", ["Output", "_Hashing"])  # queueing a write, or writing it
def test_a_disk_filling_up_mid_file_stops_the_export_in_one_line_and_serves_nothing_new(
    tmp_path, published, monkeypatch, kinds, failing
):
    before = bulk.export(tmp_path, kinds=kinds)
    # A write a release, each handed to the writing thread, while the database is reading.
    monkeypatch.setattr(bulk, "CHUNK", 1)
    monkeypatch.setattr(bulkfiles, "_GATHER", 1)
    writes = itertools.count()
    write = getattr(bulkfiles, failing).write

    def filling(self, data):
        if next(writes) == 3:
            raise OSError(28, "No space left on device")
        return write(self, data)

    monkeypatch.setattr(getattr(bulkfiles, failing), "write", filling)

    with pytest.raises(CommandError, match=f"^Could not write to {tmp_path}: No space left"):
        factories.export_command("--out", str(tmp_path), "--what", ",".join(kinds))

    assert bulkfiles.manifests(tmp_path)[0]["generation"] == before["generation"]
    assert factories.files_in(tmp_path) == ["manifest.json", *(e["name"] for e in before["files"])]
    # The database's reading was ended with the export: the connection goes on working.
    assert Release.objects.count() == len(factories.stored_extensions())


def test_a_file_whose_last_bytes_do_not_fit_on_the_disk_is_removed_all_the_same(tmp_path):
    output = bulkfiles.Output(tmp_path, "releases-0001.json", "releases", False)
    output.write(b"[]")
    opened = output._file

    class Full:
        def close(self):
            raise OSError(28, "No space left on device")

    output._file = Full()

    output.discard()

    assert not output.temporary.exists()
    opened.close()


def test_what_killed_exports_left_is_removed_before_writing_even_if_writing_fails(
    tmp_path, published, monkeypatch
):
    before = bulk.export(tmp_path, kinds=["releases"])
    stale = tmp_path / "generation-0123456789ab"
    stale.mkdir()
    (stale / ".releases-0001.json.1a2b3c4d.tmp").write_bytes(b"x" * 10_000)
    other = tmp_path / "au-generation-0123456789ab"  # another dataset's
    other.mkdir()

    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bulkfiles._Hashing, "write", full)
    with pytest.raises(OSError, match="No space left on device"):
        bulk.export(tmp_path, kinds=["releases"])

    assert not stale.exists()
    assert other.exists()
    assert bulkfiles.manifests(tmp_path)[0]["generation"] == before["generation"]
    assert factories.files_in(tmp_path) == ["manifest.json", *(e["name"] for e in before["files"])]


def test_an_old_generation_that_cannot_be_removed_does_not_fail_the_export(tmp_path, published):
    bulk.export(tmp_path, kinds=["releases"])
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    link = tmp_path / "generation-0123456789ab"
    link.symlink_to(elsewhere, target_is_directory=True)
    theirs = tmp_path / ".notes.tmp"  # not a name an export gives its files
    theirs.write_text("someone's")

    manifest = bulk.export(tmp_path, kinds=["releases"])

    assert bulkfiles.manifests(tmp_path)[0]["generation"] == manifest["generation"]
    assert not os.path.lexists(link)
    assert (elsewhere / "keep.txt").read_text() == "mine"
    assert theirs.read_text() == "someone's"


def test_the_manifest_lists_a_kinds_files_in_their_order_past_9999():
    written = [
        bulkfiles.Written(f"releases-{n:04d}.json", "releases", 1, 1, "")
        for n in (10_000, 9_999, 10_001, 1)
    ]
    records = bulkfiles.Written("records-0001.json", "records", 1, 1, "")

    listed = sorted([records, *written], key=bulkfiles._listed)

    assert [w.name for w in listed] == [
        "releases-0001.json",
        "releases-9999.json",
        "releases-10000.json",
        "releases-10001.json",
        "records-0001.json",
    ]


class _Terminal(io.StringIO):
    """Where the progress is drawn: Ctrl-C comes with the first line of it."""

    def write(self, text: str) -> int:
        if "written" in text:
            raise KeyboardInterrupt
        return super().write(text)


def test_ctrl_c_stops_the_export_in_one_line_and_serves_what_it_served(
    tmp_path, published, monkeypatch
):
    before = bulk.export(tmp_path, kinds=["releases", "records"])
    monkeypatch.setattr(bulk, "CHUNK", 1)

    with pytest.raises(CommandError, match=f"^Interrupted: nothing new was written to {tmp_path}"):
        call_command("ocds", "export", "--out", str(tmp_path), "--progress", stderr=_Terminal())

    assert bulkfiles.manifests(tmp_path)[0]["generation"] == before["generation"]
    assert factories.files_in(tmp_path) == sorted(
        ["manifest.json", *(e["name"] for e in before["files"])]
    )
    assert Release.objects.count() == len(factories.stored_extensions())
