"""`openbuy ocds import` stopped from outside: by Ctrl-C, or by another import storing
the same releases first. One line each, and nothing of the file stays."""

import io
import sqlite3
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from openbuy.opendata import importer
from openbuy.opendata.import_reading import parse
from openbuy.opendata.models import ExternalRecord, ExternalRelease

from .import_helpers import run, write_lines


def _release(number: int) -> dict:
    return {
        "ocid": f"ocds-abc123-{number}",
        "id": "1",
        "date": "2024-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"id": "t", "title": f"Title {number}"},
    }


class _Terminal(io.StringIO):
    """Where the progress bar is drawn; `pressed` runs once, as the first one is."""

    def __init__(self, pressed):
        super().__init__()
        self.pressed = pressed

    def write(self, text: str) -> int:
        if self.pressed and "releases" in text:
            pressed, self.pressed = self.pressed, None
            pressed()
        return super().write(text)


def _ctrl_c():
    raise KeyboardInterrupt


def _importing(path) -> threading.Thread:
    """Another import of `path`, started in a thread of its own (its own connection)."""

    def elsewhere():
        try:
            run("--jobs", "1", path)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    return thread


@pytest.mark.django_db
@pytest.mark.usefixtures("import_jobs")
def test_ctrl_c_leaves_nothing_and_says_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 2)  # the first progress comes with more to read
    path = write_lines(tmp_path / "many.jsonl", [_release(n) for n in range(1, 9)])
    with pytest.raises(CommandError, match=r"many\.jsonl: interrupted; nothing of it was imp"):
        call_command("ocds", "import", str(path), "--progress", stderr=_Terminal(_ctrl_c))
    assert not ExternalRelease.objects.exists()
    assert not ExternalRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_another_import_storing_the_same_releases_first_is_one_line(tmp_path, monkeypatch):
    """The other import commits releases 3 to 8 while this one, which has written 1 and 2,
    is between batches; this one then meets them, and keeps nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one import write at a time: the other would wait")
    monkeypatch.setattr(importer, "BATCH", 2)
    path = write_lines(tmp_path / "all.jsonl", [_release(n) for n in range(1, 9)])
    later = write_lines(tmp_path / "later.jsonl", [_release(n) for n in range(3, 9)])

    def other_import():
        thread = _importing(later)
        thread.join(timeout=60)
        assert not thread.is_alive()

    with pytest.raises(
        CommandError,
        match=r"all\.jsonl: another import stored some of its releases meanwhile; nothing of it",
    ):
        call_command(
            "ocds", "import", "--jobs", "1", str(path), "--progress", stderr=_Terminal(other_import)
        )
    stored = ExternalRelease.objects.values_list("ocid", flat=True)
    assert sorted(stored) == sorted(f"ocds-abc123-{n}" for n in range(3, 9))


@pytest.mark.django_db(transaction=True)
def test_a_database_busy_with_another_writer_is_one_line(tmp_path):
    """SQLite lets one writer at a time: an import waits for the lock up to the timeout,
    then stops, in one line, with nothing of it kept."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's writers do not wait for one lock")
    path = write_lines(tmp_path / "one.jsonl", [_release(1)])
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 100")  # not 20 s
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer, holding the lock
        with pytest.raises(
            CommandError, match=r"one\.jsonl: the database stayed busy with another write"
        ):
            run("--jobs", "1", path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not ExternalRelease.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_imports_updating_the_same_processes_both_count(tmp_path, monkeypatch):
    """On PostgreSQL the processes an import reads to update are locked until it commits:
    another import adding to them waits, and compiles onto what the first wrote."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one import write at a time")
    monkeypatch.setattr(importer, "BATCH", 1)  # progress after the first process is read
    run("--jobs", "1", write_lines(tmp_path / "base.jsonl", [_release(1), _release(2)]))
    second = {**_release(1), "id": "2", "date": "2024-01-02T00:00:00Z", "awards": [{"id": "a"}]}
    third = {**_release(1), "id": "3", "date": "2024-01-03T00:00:00Z", "awards": [{"id": "b"}]}
    first_file = write_lines(tmp_path / "first.jsonl", [second, {**_release(2), "id": "2"}])
    other_file = write_lines(tmp_path / "other.jsonl", [third])
    threads = []

    def other_import():
        threads.append(_importing(other_file))

    call_command(
        "ocds", "import", "--jobs", "1", str(first_file), "--progress",
        stderr=_Terminal(other_import),
    )  # fmt: skip
    threads[0].join(timeout=60)
    record = ExternalRecord.objects.get(ocid="ocds-abc123-1")
    assert record.releases == 3
    assert [award["id"] for award in parse(bytes(record.compiled))["awards"]] == ["a", "b"]
