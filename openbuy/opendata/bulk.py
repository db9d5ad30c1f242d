"""Bulk files of the open data: release packages, record packages and JSON Lines of
releases, each file at most `Limits.count` releases (or records) and `Limits.bytes` bytes
(uncompressed), streamed from the stored bytes in constant memory.

Two passes per kind. The first cuts the files and learns which extensions each one uses,
so that a package's head, written first, declares exactly those of the releases that
follow it; the second writes the stored bytes between that head and its tail. Both read one
snapshot of the store, so they agree while actions go on publishing releases. For releases
the first pass is the database's: a few aggregates a file over a narrow index (seq,
extensions, size), never a row in Python unless a file's releases are over its byte limit.
"""

import contextlib
import itertools
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import Length
from django.db.models.sql.constants import MULTI

from openbuy.core.site_url import absolute

from . import bulkfiles, packages
from .models import Record, Release
from .serialize import EXTENSIONS, dumps

MAX_COUNT = 250_000
MAX_BYTES = 1_000_000_000
CHUNK = 2_000
# Records a batch: each brings its compiled release (several times a release's bytes) and
# its releases' links, so fewer than releases a batch keeps the export's memory small.
RECORD_CHUNK = 500
RELEASE_PATH = "/api/v1/ocds/releases/"
# opendata:download's path, spelled out: reverse() would load every app's URLs, the API's
# with them, which costs an export command as much as a tenth of its time.
DOWNLOADS_PATH = "/open-data/downloads/"
# Room kept in a file's byte limit for the package's head and tail, which are written
# before the file's releases are counted against it (a head's longest: every extension).
_ROOM = 256

Progress = Callable[[str, int, bool], None]  # (file name, items written, file complete)


@dataclass(frozen=True)
class Limits:
    count: int = MAX_COUNT
    bytes: int = MAX_BYTES


@dataclass
class _Cut:
    """One file's share: items from `first` to `last` (keys, in order)."""

    first: object
    last: object = None
    count: int = 0
    size: int = 0
    extensions: set = field(default_factory=set)


def _cuts(rows: Iterable[tuple], limits: Limits, room: int) -> list[_Cut]:
    """Cut (key, extensions column, length) rows into files. An item longer than a file
    may be still goes in one, alone."""
    cuts: list[_Cut] = []
    budget = limits.bytes - room
    current = None
    for key, extensions, size in rows:
        if current and (current.count >= limits.count or current.size + 1 + size > budget):
            current = None
        if current is None:
            current = _Cut(first=key)
            cuts.append(current)
        current.last = key
        current.count += 1
        current.size += size + (current.count > 1)
        if extensions:
            current.extensions.update(extensions.split(","))
    return cuts


@contextlib.contextmanager
def snapshot():
    """One view of the store for both passes of every file."""
    if connection.in_atomic_block:
        yield  # the caller's transaction is the view
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        # Django begins SQLite's transactions IMMEDIATE, taking the write lock, which would
        # hold up every action for the whole export; a deferred one only reads (in WAL
        # mode, from the snapshot of its first read) and holds up no writer.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


class _Generation:
    """The files of one export, under temporary names until all are written."""

    def __init__(self, folder: Path, code: str | None, compress: bool, at, progress):
        self.folder, self.code, self.compress, self.at = folder, code, compress, at
        self.directory = bulkfiles.new_generation(folder, code)
        self.progress = progress
        self.outputs: list[bulkfiles.Output] = []
        self.written: list[bulkfiles.Written] = []

    def name(self, kind: str, number: int) -> str:
        name = bulkfiles.prefix(self.code) + bulkfiles.KINDS[kind].format(number)
        return name + ".gz" if self.compress else name

    def uri(self, name: str) -> str:
        return absolute(DOWNLOADS_PATH + name)

    def room(self, kind: str, envelope) -> int:
        head, tail = envelope(EXTENSIONS, uri=self.uri(self.name(kind, 1)), published=self.at)
        return len(head) + len(tail) + _ROOM

    def open(self, kind: str, number: int) -> bulkfiles.Output:
        output = bulkfiles.Output(self.directory, self.name(kind, number), kind, self.compress)
        self.outputs.append(output)
        return output

    def counted(self, output: bulkfiles.Output, count: int = 1) -> None:
        before = output.count
        output.count += count
        if self.progress and output.count // CHUNK > before // CHUNK:
            self.progress(output.name, output.count, False)

    def close(self, output: bulkfiles.Output) -> None:
        self.written.append(output.close())
        if self.progress:
            self.progress(output.name, output.count, True)

    def discard(self) -> None:
        for output in self.outputs:
            output.discard()
        shutil.rmtree(self.directory, ignore_errors=True)


def _raw_chunks(rows) -> Iterator[list[tuple]]:
    """A values_list queryset's rows, CHUNK at a time, as the database's driver reads them
    (through a server-side cursor on PostgreSQL, so memory stays flat): Django's row by
    row conversion would cost as much as the rest of an export."""
    compiler = rows.query.get_compiler(using=rows.db)
    yield from compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK)


def _stored(releases) -> Iterator[Sequence[bytes]]:
    """The releases' stored bytes in the order of writing, CHUNK at a time. PostgreSQL's
    come through COPY in binary, whose rows psycopg reads in C: a server-side cursor's
    fetches take three times as long, its protocol's steps run in Python."""
    ordered = releases.order_by("seq").values_list("data")
    if connection.vendor != "postgresql":
        for chunk in _raw_chunks(ordered):
            yield [row[0] for row in chunk]
        return
    sql, params = ordered.query.sql_with_params()
    # psycopg's own cursor (COPY is not in Django's API), its errors made Django's.
    copying = f"COPY ({sql}) TO STDOUT (FORMAT BINARY)"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(copying, params) as copy,
    ):
        copy.set_types(["bytea"])
        for chunk in itertools.batched(copy.rows(), CHUNK):
            yield [row[0] for row in chunk]


def _release_cuts(releases, limits: Limits, room: int) -> list[_Cut]:
    """The releases cut into files: each file's next `limits.count` releases, summed by the
    database, then the extensions among them; only where those are over the byte limit
    are its rows read, and cut as _cuts does."""
    cuts: list[_Cut] = []
    while True:
        rest = releases.filter(seq__gt=cuts[-1].last) if cuts else releases
        # seq is unique: the other keys only spell out release_export's order, so that a
        # planner can read the window from that index alone (PostgreSQL does).
        window = rest.order_by("seq", "extensions", "size")[: limits.count]
        sums = window.aggregate(
            count=Count("seq"), size=Sum("size"), first=Min("seq"), last=Max("seq")
        )
        if not sums["count"]:
            return cuts
        size = sums["size"] + sums["count"] - 1  # with the commas between them
        if size <= limits.bytes - room:
            used = rest.filter(seq__lte=sums["last"]).order_by().distinct()
            cut = _Cut(sums["first"], sums["last"], sums["count"], size)
            cut.extensions = packages.keys_of(used.values_list("extensions", flat=True))
            cuts.append(cut)
            continue
        rows = window.values_list("seq", "extensions", "size")
        found = _cuts(itertools.chain.from_iterable(_raw_chunks(rows)), limits, room)
        if sums["count"] == limits.count and len(found) > 1:
            found.pop()  # it may go on past the window
        cuts.extend(found)


def _write_releases(releases, kinds, generation: _Generation, limits: Limits) -> int:
    room = generation.room("releases", packages.release_package)
    cuts = _release_cuts(releases, limits, room)
    for number, cut in enumerate(cuts, 1):
        package = lines = tail = None
        if "releases" in kinds:
            package = generation.open("releases", number)
            head, tail = packages.release_package(
                cut.extensions, uri=generation.uri(package.name), published=generation.at
            )
            package.write(head)
        if "jsonl" in kinds:
            lines = generation.open("jsonl", number)
        within = releases.filter(seq__gte=cut.first, seq__lte=cut.last)
        # Closed as soon as writing fails, not when the garbage is collected: the database
        # must have stopped sending before the connection is used again.
        with contextlib.closing(_stored(within)) as chunks:
            for stored in chunks:
                if package:
                    if package.count:
                        package.write(b",")
                    package.write(b",".join(stored))
                    generation.counted(package, len(stored))
                if lines:
                    lines.write(b"\n".join(stored))
                    lines.write(b"\n")
                    generation.counted(lines, len(stored))
        if package:
            package.write(tail)
            generation.close(package)
        if lines:
            generation.close(lines)
    return sum(cut.count for cut in cuts)


def _records(records, releases, *, compiled: bool) -> Iterator[tuple[str, str, bytes, object]]:
    """(ocid, extensions, the record's bytes before its compiled release, the compiled
    release's bytes or, unless `compiled`, its length) of each record in ocid order; the
    record's bytes end with b"}" after its compiled release."""
    base = absolute(RELEASE_PATH)
    column = "compiled" if compiled else Length("compiled")
    rows = records.order_by("ocid").values_list("ocid", "extensions", column)
    for batch in itertools.batched(rows.iterator(chunk_size=RECORD_CHUNK), RECORD_CHUNK):
        linked: dict[str, list] = {}
        # The batch's releases by a range of the (ocid, date) index, in the database's own
        # order of ocids, as the batch is.
        of_batch = releases.filter(ocid__gte=batch[0][0], ocid__lte=batch[-1][0])
        of_batch = of_batch.order_by("ocid", "date")
        for ocid, release_id, date, tags in of_batch.values_list(
            "ocid", "release_id", "date", "tags"
        ):
            linked.setdefault(ocid, []).append(
                {"url": base + quote(release_id), "date": date, "tag": tags.split(",")}
            )
        for ocid, extensions, value in batch:
            before = (
                b'{"ocid":'
                + dumps(ocid)
                + b',"releases":'
                + dumps(linked.pop(ocid, []))
                + b',"compiledRelease":'
            )
            yield ocid, extensions, before, value


def _write_records(records, releases, generation: _Generation, limits: Limits) -> int:
    room = generation.room("records", packages.record_package)
    sizes = (
        (ocid, extensions, len(before) + length + 1)
        for ocid, extensions, before, length in _records(records, releases, compiled=False)
    )
    cuts = _cuts(sizes, limits, room)
    for number, cut in enumerate(cuts, 1):
        output = generation.open("records", number)
        head, tail = packages.record_package(
            cut.extensions, uri=generation.uri(output.name), published=generation.at
        )
        output.write(head)
        within = records.filter(ocid__gte=cut.first, ocid__lte=cut.last)
        for _ocid, _extensions, before, data in _records(within, releases, compiled=True):
            if output.count:
                output.write(b",")
            output.write(before)
            output.write(data)
            output.write(b"}")
            generation.counted(output)
        output.write(tail)
        generation.close(output)
    return sum(cut.count for cut in cuts)


def export(
    folder: Path,
    *,
    kinds: Iterable[str] = tuple(bulkfiles.KINDS),
    compress: bool = False,
    jurisdiction=None,
    limits: Limits = Limits(),
    progress: Progress | None = None,
) -> dict:
    """Write a new generation of bulk files into `folder` (of one jurisdiction's releases,
    or all) and return its manifest; the previous generation's files go once it is in
    place. Raises bulkfiles.ExportBusy when another export is writing there."""
    folder, kinds = Path(folder), set(kinds)
    code = jurisdiction.code if jurisdiction else None
    releases, records = Release.objects.all(), Record.objects.all()
    if jurisdiction is not None:
        releases = releases.filter(jurisdiction=jurisdiction)
        records = records.filter(jurisdiction=jurisdiction)
    with bulkfiles.locked(folder):
        bulkfiles.remove_stale(folder, code)
        generation = _Generation(folder, code, compress, bulkfiles.now(), progress)
        about = {"jurisdiction": code, "compressed": compress}
        try:
            with snapshot():
                if kinds & {"releases", "jsonl"}:
                    about["releases"] = _write_releases(releases, kinds, generation, limits)
                if "records" in kinds:
                    about["records"] = _write_records(records, releases, generation, limits)
        except BaseException:
            generation.discard()
            raise
        return bulkfiles.publish(
            folder,
            generation.directory,
            generation.outputs,
            generation.written,
            code=code,
            about=about,
            at=generation.at,
        )
