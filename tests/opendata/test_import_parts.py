"""`openbuy ocds import --jobs N`: a file read in parts by forked processes stores and says
exactly what one process would, reports the first error in the file's order whichever part
meets it, and leaves nothing when a part dies."""

import contextlib
import gzip
import json
import multiprocessing
import multiprocessing.connection
import os
import random
import re
import signal
import threading
import time
import zlib
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from openbuy.opendata import import_files, import_reading, import_sink, importer
from openbuy.opendata.models import ExternalRecord, ExternalRelease

from .import_helpers import run, write_lines

pytestmark = pytest.mark.django_db


def _part(ocid: str, parts: int = 3) -> int:
    return zlib.crc32(ocid.encode()) % parts


def _release(ocid: str, number: int, day: int, **fields) -> dict:
    return {
        "ocid": ocid,
        "id": f"{ocid}-{number}",
        "date": f"2024-02-{day:02d}T10:00:00Z",
        "tag": ["tender"],
        "tender": {"id": "t", "title": f"{ocid} {number}", "value": {"amount": 10.5 * number}},
        "parties": [{"id": f"org-{number}", "name": f"Org {number}", "roles": ["tenderer"]}],
        **fields,
    }


def _mixed() -> list[dict]:
    """60 processes of 1 to 4 releases, interleaved; some processes' releases out of date
    order; a package line among the bare releases."""
    rng = random.Random(7)
    releases = []
    for n in range(60):
        ocid = f"ocds-abc123-mix-{n}"
        days = [rng.randrange(1, 28) for _ in range(rng.randrange(1, 5))]
        if n % 7:
            days.sort()
        releases.extend(_release(ocid, k, day) for k, day in enumerate(days))
    rng.shuffle(releases)
    return releases


def _stored() -> tuple:
    releases = sorted(
        (r.ocid, r.release_id, r.date, r.digest, bytes(r.data), r.publisher)
        for r in ExternalRelease.objects.all()
    )
    records = sorted(
        (r.ocid, bytes(r.compiled), r.releases, r.date, r.title, r.buyer, r.value_amount)
        for r in ExternalRecord.objects.all()
    )
    return releases, records


def _import(capsys, jobs: int, *paths) -> tuple[str, str, tuple]:
    run("--jobs", str(jobs), *paths)
    out, err = capsys.readouterr()
    stored = _stored()
    ExternalRelease.objects.all().delete()
    ExternalRecord.objects.all().delete()
    return out.replace(f"--jobs {jobs}", ""), err, stored


def test_parts_store_and_say_what_one_process_does(tmp_path, capsys, monkeypatch):
    """Small batches and few states kept, so records are written and forgotten and read
    back through the pipe, and processes compiled again from stored releases."""
    monkeypatch.setattr(importer, "BATCH", 7)
    monkeypatch.setattr(importer, "STATES", 5)
    releases = _mixed()
    lines = [*releases[:40], {"version": "1.1", "releases": releases[40:50]}, *releases[50:]]
    first = write_lines(tmp_path / "mixed.jsonl", lines)
    again = write_lines(tmp_path / "later.jsonl", [_release("ocds-abc123-mix-3", 9, 28)])
    alone = _import(capsys, 1, first, again)
    assert "out of date order" in alone[1]
    assert len(alone[2][0]) == len(releases) + 1
    for jobs in (2, 3):
        assert _import(capsys, jobs, first, again) == alone


def test_a_file_imported_again_in_parts_changes_nothing(tmp_path, capsys):
    path = write_lines(tmp_path / "mixed.jsonl", _mixed())
    run("--jobs", "3", path)
    before = _stored()
    capsys.readouterr()
    run("--jobs", "3", path)
    assert "nothing changed" in capsys.readouterr().out
    assert _stored() == before


def _errors(tmp_path, lines: list, capsys) -> list[str]:
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(lines))
    messages = []
    for jobs in (1, 2, 3):
        with pytest.raises(CommandError) as raised:
            run("--jobs", str(jobs), path)
        messages.append(str(raised.value))
    assert not ExternalRelease.objects.exists()
    return messages


def _line(release: dict) -> str:
    return json.dumps(release) + "\n"


# Ocids in different parts of three: 1 in part 1, 2 in part 0, 6 in part 2.
A, B, C = "ocds-abc123-1", "ocds-abc123-2", "ocds-abc123-6"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # The later part's error is earlier in the file.
        (
            [_line(_release(A, 1, 1)), _line(_release(B, 1, 2, date="soon")),
             _line(_release(C, 1, 3, id=None)), _line(_release(A, 2, 4))],
            r"line 2 \(ocid ocds-abc123-2\): date 'soon'",
        ),
        (
            [_line(_release(C, 1, 1, id=None)), _line(_release(B, 1, 2, date="soon"))],
            r"line 1 \(ocid ocds-abc123-6\): a release without an id",
        ),
        # Not JSON, in the batch where another part's release is wrong: read first.
        (
            [_line(_release(A, 1, 1, date="soon")), '{"ocid": "ocds-abc123-2", "id": x}\n'],
            r"line 2: not JSON",
        ),
        # A line beginning with a part's ocid, truncated: only that part reads it.
        (
            [_line(_release(B, 1, 1)), '{"ocid":"ocds-abc123-6","id":"x",\n',
             _line(_release(A, 1, 2, id=None))],
            r"line 2: the JSON ends early",
        ),
    ],
)  # fmt: skip
def test_the_first_error_in_the_file_is_reported_whichever_part_meets_it(
    tmp_path, capsys, lines, expected
):
    messages = _errors(tmp_path, lines, capsys)
    assert len(set(messages)) == 1, messages
    assert _part(A) != _part(B) != _part(C) != _part(A)
    assert re.search(expected, messages[0]), messages[0]


def test_an_error_in_a_later_batch_than_another_parts(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 2)
    lines = [_line(_release(B, n, n)) for n in range(1, 6)]
    lines.insert(4, _line(_release(C, 1, 9, date="2024-13-01T00:00:00Z")))
    lines.append(_line(_release(A, 1, 9, id=None)))
    messages = _errors(tmp_path, lines, capsys)
    assert set(messages) == {messages[0]}
    assert "line 5 (ocid ocds-abc123-6): date '2024-13-01T00:00:00Z'" in messages[0]


def test_a_line_with_its_ocid_twice_is_read_by_one_process(tmp_path, capsys):
    """The line begins with an ocid of one part and JSON's last key is another part's: the
    parts stop and one process reads the file, as it would have."""
    twice = f'{{"ocid":"{A}","id":"r","date":"2024-02-01T00:00:00Z","ocid":"{C}"}}\n'
    path = tmp_path / "twice.jsonl"
    path.write_text(_line(_release(B, 1, 1)) + twice)
    run("--jobs", "3", path)
    assert sorted(ExternalRecord.objects.values_list("ocid", flat=True)) == [B, C]
    assert ExternalRelease.objects.get(ocid=C).release_id == "r"


def test_a_part_that_dies_leaves_nothing(tmp_path, monkeypatch):
    """A part killed mid-file (here it ends itself at one ocid): the file fails in one line
    and nothing of it stays; the file before it does."""
    parent = os.getpid()
    original = importer.FileImport._release

    def dying(self, item, inner, data, ocid):
        if os.getpid() != parent and ocid == C:
            os._exit(9)
        return original(self, item, inner, data, ocid)

    monkeypatch.setattr(importer.FileImport, "_release", dying)
    before = write_lines(tmp_path / "before.jsonl", [_release(A, 1, 1)])
    dies = write_lines(tmp_path / "dies.jsonl", [_release(B, 1, 1), _release(C, 1, 2)])
    with pytest.raises(
        CommandError,
        match=r"dies\.jsonl: the process reading part 3 of it stopped \(exit code 9\); "
        "nothing of it was imported",
    ):
        run("--jobs", "3", before, dies)
    assert list(ExternalRelease.objects.values_list("ocid", flat=True)) == [A]


@pytest.mark.parametrize("jobs", ["0", "65", "two"])
def test_jobs_out_of_range(tmp_path, jobs):
    path = write_lines(tmp_path / "one.jsonl", [_release(A, 1, 1)])
    with pytest.raises(CommandError, match="--jobs: a whole number from 1 to 64"):
        run("--jobs", jobs, path)
    assert not ExternalRelease.objects.exists()


def _reordered_badly(ocid: str) -> list[str]:
    """Two releases of a process, the later first: compiled again in date order, the
    earlier's text meets the later's object."""
    later = _release(ocid, 2, 2, tender={"id": "t", "title": "object"})
    earlier = _release(ocid, 1, 1, tender="a text")
    return [_line(later), _line(earlier)]


def test_processes_are_compiled_again_at_the_end_of_their_batch(tmp_path, capsys, monkeypatch):
    """Whatever each part keeps in memory, the same error: that of the batch that brought
    the release out of order, before one in a later batch; with where it is."""
    monkeypatch.setattr(importer, "BATCH", 4)
    monkeypatch.setattr(importer, "STATES", 3)
    lines = [*_reordered_badly(A), *(_line(_release(f"{B}-{n}", 1, 3)) for n in range(20))]
    lines.append(_line(_release(C, 1, 4, date="nope")))
    messages = _errors(tmp_path, lines, capsys)
    assert set(messages) == {messages[0]}
    assert (
        "line 2 (ocid ocds-abc123-1), compiled in date order: An earlier release" in (messages[0])
    )


def test_of_two_processes_compiled_again_the_first_out_of_order_fails(tmp_path, capsys):
    lines = [*_reordered_badly(C), *_reordered_badly(A)]
    lines[1], lines[2] = lines[2], lines[1]  # C's later, A's later, C's earlier, A's earlier
    messages = _errors(tmp_path, lines, capsys)
    assert set(messages) == {messages[0]}
    assert "line 3 (ocid ocds-abc123-6), compiled in date order" in messages[0]


def test_what_is_appended_while_importing_is_not_read(tmp_path, monkeypatch):
    """A file is read as it was when the import began, by every part alike."""
    path = write_lines(tmp_path / "growing.jsonl", [_release(A, 1, 1), _release(B, 1, 1)])
    opened = import_files.open_source

    def then_appended(where):
        source = opened(where)
        with open(where, "a") as more:
            more.write(_line(_release(C, 1, 1)) + _line(_release(f"{A}-x", 1, 1)))
        return source

    monkeypatch.setattr(import_files, "open_source", then_appended)
    for jobs in ("1", "3"):
        path.write_text(_line(_release(A, 1, 1)) + _line(_release(B, 1, 1)))
        run("--jobs", jobs, path)
        assert sorted(ExternalRelease.objects.values_list("ocid", flat=True)) == [A, B]
        ExternalRelease.objects.all().delete()


def test_parts_end_when_their_parent_is_killed(tmp_path):
    """SIGKILL leaves no finally: the parts must see their pipes close, and end (or a
    PostgreSQL transaction would be held by orphans). The parent is a process forked here,
    whose sink never answers (it would write to the database), so its parts are blocked
    on their pipes when it dies."""
    path = write_lines(tmp_path / "many.jsonl", [_release(f"{A}-{n}", 1, 1) for n in range(9000)])
    context = multiprocessing.get_context("fork")
    told, tell = context.Pipe(duplex=False)
    parent = context.Process(target=_stuck_parent, args=(path, tell))  # parts are children
    parent.start()
    tell.close()
    parts = told.recv()
    os.kill(parent.pid, signal.SIGKILL)
    parent.join()
    try:
        assert _wait_for(lambda: all(_ended(pid) for pid in parts)), parts
    finally:
        for pid in parts:  # orphans would hold the suite's output open
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class _Stuck:
    def insert_releases(self, rows):
        time.sleep(3600)

    upsert_records = states = stored_release = stored_releases = insert_releases


def _stuck_parent(path, tell) -> None:
    source = import_files.open_source(path)
    pipes, workers = [], []
    import_files.start_parts(pipes, workers, source, (None, None, None, True), 3)
    tell.send([worker.pid for worker in workers])
    import_files.serve(_Stuck(), pipes, workers, None, source)


def _ended(pid: int) -> bool:
    """Gone, or a zombie (reaped by whoever adopted it, if anyone does)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


def _wait_for(condition, seconds: float = 20.0):
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_parts_store_the_lines_as_written_after_a_byte_order_mark_and_in_gzip(tmp_path, capsys):
    """Parts send where a line is in the file, and its bytes are read from there: after a
    byte order mark, those bytes are the line's; in gzip, the line's bytes are sent."""
    text = "".join(_line(release) for release in _mixed())
    marked = tmp_path / "marked.jsonl"
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode())
    zipped = tmp_path / "zipped.jsonl.gz"
    zipped.write_bytes(gzip.compress(text.encode()))
    alone = _import(capsys, 1, marked)
    assert {data for *_, data, _publisher in alone[2][0]} == {
        line.encode() for line in text.splitlines()
    }
    assert _import(capsys, 3, marked)[2] == alone[2]
    assert _import(capsys, 3, zipped)[2] == alone[2]


def test_a_part_screens_the_lines_it_reads(tmp_path, monkeypatch):
    """Past the file's head, each line is screened by the part that reads it: a long number
    or a lone surrogate in one part's line is refused at its byte, and an earlier line's
    error in another part comes first."""
    monkeypatch.setattr(import_reading, "HEAD", 64)
    monkeypatch.setattr(import_reading, "BUFFER", 64)
    good = "".join(_line(_release(f"ocds-abc123-{n}", 1, 1)) for n in range(1, 9))
    lone = _line(_release(C, 2, 2, note="\\ud800")).replace("\\\\", "\\")  # an escape
    long = _line(_release(B, 2, 2, value=7)).replace("7", "7" * 101)
    for bad, message in ((lone, "a lone UTF-16 surrogate escape (\\ud800), at byte {}"),
                         (long, "a number of more than 100 digits, at byte {}")):  # fmt: skip
        path = tmp_path / "screened.jsonl"
        path.write_text(good + bad)
        at = len(good) + (bad.index("ud800") if bad is lone else bad.index("7" * 101))
        for jobs in (1, 2, 3):
            with pytest.raises(CommandError, match=re.escape(message.format(at))):
                run("--jobs", str(jobs), path)
        path.write_text(good + '{"ocid": "ocds-abc123-1", "id": x}\n' + bad)
        for jobs in (1, 2, 3):
            with pytest.raises(CommandError, match="line 9: not JSON"):
                run("--jobs", str(jobs), path)
    assert not ExternalRelease.objects.exists()


def test_a_process_still_receiving_releases_is_kept_in_memory(tmp_path, monkeypatch):
    """Past STATES processes, those touched longest ago are written and let go: one whose
    releases keep coming is written once, when the file ends."""
    monkeypatch.setattr(importer, "BATCH", 2)
    monkeypatch.setattr(importer, "STATES", 4)
    written = []
    upsert = import_sink.Database.upsert_records

    def counted(sink, records):
        written.extend(record["ocid"] for record in records)
        upsert(sink, records)

    monkeypatch.setattr(import_sink.Database, "upsert_records", counted)
    long = "ocds-abc123-long"
    lines = []
    for n in range(1, 9):
        lines += [_release(long, n, n), _release(f"ocds-abc123-{n}", 1, n)]
    run("--jobs", "1", write_lines(tmp_path / "long.jsonl", lines))
    assert sorted(written) == sorted({line["ocid"] for line in lines})
    assert ExternalRecord.objects.get(ocid=long).releases == 8


@pytest.mark.parametrize("change", [b"Org X", b"Org"], ids=["written-over", "cut-short"])
def test_a_file_written_over_while_it_is_read_is_not_imported(tmp_path, monkeypatch, change):
    """The writing process reads each line where a part says it is, and finds it as the
    part read it (its CRC), or the file is refused."""
    path = write_lines(tmp_path / "changing.jsonl", _mixed())
    parent, pread = os.getpid(), os.pread

    def later(fd, size, offset):
        data = pread(fd, size, offset)
        if os.getpid() != parent:
            return data  # a part reads the file as it was
        return data.replace(b"Org 1", change) if len(change) == 5 else data[:-1]

    monkeypatch.setattr(os, "pread", later)
    with pytest.raises(CommandError, match=r"changing\.jsonl: it was written over while it"):
        run("--jobs", "2", path)
    assert not ExternalRelease.objects.exists()


def test_no_thread_reading_a_part_outlives_the_import(tmp_path, monkeypatch):
    """A part stopped by another's error ends, and the thread reading its pipe with it,
    before the pipe is closed: a thread reading a closed pipe's number would read whatever
    is given that number next."""
    lines = [_line(_release(B, 1, 1, date="soon"))]
    lines += [_line(_release(f"ocds-abc123-r{n}", 1, 1)) for n in range(3000)]
    path = tmp_path / "early.jsonl"
    path.write_text("".join(lines))
    reading, close = [], multiprocessing.connection.Connection.close

    def closing(pipe):
        reading.extend(t.name for t in threading.enumerate() if t.name.endswith("(slowly)"))
        close(pipe)

    monkeypatch.setattr(multiprocessing.connection.Connection, "close", closing)
    receive = import_files._Received._receive

    def slowly(received, n, pipe):  # a thread that takes its time to end, as one may
        receive(received, n, pipe)
        time.sleep(0.3)

    monkeypatch.setattr(import_files._Received, "_receive", slowly)
    with pytest.raises(CommandError, match=r"line 1 \(ocid ocds-abc123-2\): date 'soon'"):
        run("--jobs", "3", path)
    assert reading == []


def _ocid_in(part: int, stem: str, parts: int = 2) -> str:
    return next(f"{stem}{n}" for n in range(100) if _part(f"{stem}{n}", parts) == part)


def test_of_two_ocids_refused_in_different_parts_the_first_in_the_file_is_said(
    tmp_path, monkeypatch
):
    """Refused ocids are placed by their line, not only their batch: the part that meets
    the first one late (its batch is slower to read) still has its error said."""
    monkeypatch.setattr(importer, "BATCH", 40)
    first, second = _ocid_in(0, "bad-"), _ocid_in(1, "bad-")
    slow = _ocid_in(0, "ocds-abc123-slow-")
    lines = [_line(_release(first, 1, 1)), _line(_release(second, 1, 1))]
    lines += [_line(_release(slow, n, 1, note="x" * 200_000)) for n in range(30)]
    path = tmp_path / "ocids.jsonl"
    path.write_text("".join(lines))
    for jobs in ("1", "2"):
        with pytest.raises(CommandError, match=rf"line 1 \(ocid {first}\): the ocid does not"):
            run("--jobs", jobs, path)


def test_a_file_cut_short_while_it_is_read_is_not_imported(tmp_path, monkeypatch):
    path = write_lines(tmp_path / "cut.jsonl", [_release(f"{A}-{n}", 1, 1) for n in range(50)])
    opened = import_files.open_source

    def then_cut(where):
        source = opened(where)
        os.truncate(where, source.size // 2)
        return source

    monkeypatch.setattr(import_files, "open_source", then_cut)
    for jobs in ("1", "2"):
        path.write_text("".join(_line(_release(f"{A}-{n}", 1, 1)) for n in range(50)))
        with pytest.raises(CommandError, match=r"cut\.jsonl: it was cut short while it was read"):
            run("--jobs", jobs, path)
    assert not ExternalRelease.objects.exists()


def test_parts_that_read_the_file_otherwise_refuse_it(tmp_path, monkeypatch):
    """Written over between one part's reading and another's, a line could move from one
    part's share to the other's and be imported by neither: the parts' CRCs differ."""
    first, moved = _ocid_in(0, "ocds-abc123-m"), _ocid_in(1, "ocds-abc123-m")
    assert len(first) == len(moved)
    path = write_lines(tmp_path / "moved.jsonl", [_release(first, 1, 1), _release(B, 1, 1)])
    parent, pread = os.getpid(), os.pread
    marker = tmp_path / "one part reads it otherwise"

    def otherwise(fd, size, offset):
        data = pread(fd, size, offset)
        if os.getpid() == parent:
            return data
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))  # the first part to read
        except FileExistsError:
            return data
        return data.replace(first.encode(), moved.encode())

    monkeypatch.setattr(os, "pread", otherwise)
    with pytest.raises(CommandError, match=r"moved\.jsonl: it was written over while it was"):
        run("--jobs", "2", path)
    assert not ExternalRelease.objects.exists()


def test_lines_are_read_back_in_pieces_and_one_by_one_in_large_spans(tmp_path, capsys, monkeypatch):
    """A read gives at most 2 GiB on Linux, and a part's lines may be far apart: the lines
    are read whole whatever the reads give, and one by one where the span is large."""
    path = write_lines(tmp_path / "mixed.jsonl", _mixed())
    alone = _import(capsys, 1, path)
    pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, size, offset: pread(fd, min(size, 1000), offset))
    assert _import(capsys, 2, path) == alone
    monkeypatch.setattr(import_files, "SPAN", 100)
    monkeypatch.setattr(import_files, "SPARSE", 0)
    assert _import(capsys, 3, path) == alone
