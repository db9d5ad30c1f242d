"""`openbuy ocds import`: other publishers' releases and records, read from a file
(import_reading.py), compiled per process and stored apart from openbuy's own
(ExternalRelease, ExternalRecord: an imported ocid never meets one of openbuy's), and made
searchable (external_index.py); the action, on one core or several, is import_files.py.

A file is one action: one transaction, so a file that fails at its last release leaves
nothing of itself behind, and the files imported before it stay. Releases are read and
written in batches of BATCH, and each process's compiled release is kept in memory from one
batch to the next (up to STATES processes, then written and forgotten), so a file of any
size imports in bounded memory with a few statements a batch. Past STATES, those touched
longest ago are let go, down to half: a publisher's file keeps a process's releases close
together, so one is rarely written, read back and written again.

- Order: each process is compiled in date order, as ocdsmerge sorts releases, but by the
  instant each `date` names (RFC 3339, with its offset), not by its text. A release dated
  before one already compiled for its process (a file not in date order, or a release
  arriving in a later file) is stored, and its process compiled again from all its stored
  releases at the end of the batch that brought it; the command warns how many were. Not
  refused: publishers' bulk files are often not sorted, and OCDS Kit sorts them too.
- Duplicates: a release id already stored for its ocid, with the same content (numbers
  compared by value), is skipped, so importing a file again changes nothing; with other
  content, the file fails.
- Records: a record whose releases are all embedded is compiled from them; a record that
  links to its releases brings its compiledRelease, taken as the publisher published it if
  it is not older than what is stored. Releases of such a process that arrive later are
  merged into it if they are newer, and only stored if not (it has them already).
- OCDS 1.0 packages (no "version") are compiled by 1.0's rules (merge.RULES_1_0).
"""

import datetime
import hashlib
import zlib
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import external_index, external_store
from .import_checks import (
    bad,
    date_of,
    good_ocid,
    instant,
    ocid_of,
    release_id_of,
    same_content,
    shown,
)
from .import_reading import BadFile, Item, dumps, parse
from .import_sink import Database
from .merge import RULES, RULES_1_0, InconsistentType, compile_release

BATCH = 2000
STATES = 10_000


@dataclass
class Outcome:
    """What importing a file did."""

    new: int = 0  # releases stored
    same: int = 0  # releases (and published compiled releases) stored before, skipped
    published: int = 0  # compiled releases taken as published
    older: int = 0  # published compiled releases older than what was stored, skipped
    processes: int = 0  # records written
    reordered: int = 0  # processes compiled again in date order
    first_reordered: str = ""  # where the first release out of date order was

    @property
    def changed(self) -> bool:
        return bool(self.new or self.published)

    def summary(self) -> str:
        text = ngettext("%(count)d new release", "%(count)d new releases", self.new) % {
            "count": self.new
        }
        if self.published:
            text += ", " + _("%(count)d compiled releases as published") % {"count": self.published}
        if self.same:
            text += ", " + _("%(count)d already imported") % {"count": self.same}
        if self.older:
            text += ", " + _("%(count)d older compiled releases skipped") % {"count": self.older}
        if not self.changed:
            return text + ": " + _("nothing changed.")
        return (
            text
            + "; "
            + ngettext("%(count)d process updated.", "%(count)d processes updated.", self.processes)
            % {"count": self.processes}
        )


class _Process:
    """A process's state while a file is imported."""

    __slots__ = (
        "as_published",
        "changed",
        "compiled",
        "date",
        "ids",
        "linked",
        "ocid",
        "publisher",
        "releases",
        "reorder",
        "reorder_at",
        "rules",
        "stored",
        "touched",
    )

    def __init__(self, ocid: str, stored: bytes | None = None, ids: dict | None = None):
        self.ocid, self.stored, self.ids = ocid, stored, ids if ids is not None else {}
        self.compiled: dict | None = None
        self.date: datetime.datetime | None = None  # the compiled release's, as an instant
        self.releases = self.linked = self.touched = 0  # touched: the batch that last did
        self.as_published = self.changed = self.reorder = False
        self.reorder_at: tuple = ()  # where its first release out of order is, and says
        self.publisher, self.rules = "", RULES

    def load(self) -> None:
        """Read the stored compiled release, if not read yet."""
        if self.compiled is None and self.stored is not None:
            self.compiled = parse(self.stored)
            self.date = instant(self.compiled["date"])


class FileImport:
    """Reading a file's items (add, then finish) into processes, through a sink (the
    database, or import_parallel's pipe to it). With `part` (k, n), only the processes whose
    ocid falls in the k-th of n parts are compiled and written; every item is still read
    and checked, so each part meets the file's errors in the same order."""

    def __init__(
        self,
        *,
        publisher: str | None,
        expect: str | None,
        progress,
        sink=None,
        fresh: bool | None = None,
        part: tuple[int, int] | None = None,
    ):
        self.publisher, self.expect, self.progress = publisher, expect, progress
        self.sink = sink or Database()
        self.fresh = self.sink.fresh() if fresh is None else fresh
        self.part = part
        self.outcome = Outcome()
        self.pending: list[Item] = []
        self.states: dict[str, _Process] = {}
        self.rows: list[tuple] = []  # releases to write, external_store.RELEASE_COLUMNS
        self.places: list[int] = []  # where each row's data is in the file, or -1
        self.read = 0  # entries read, of every part
        self.added = self.batches = 0
        # Where the import is, to tell which of several parts' errors came first: (batch,
        # 1, where the entry is in the file) while a batch's entries are compiled, (batch,
        # 2, 0) while its records are written; None while items are read.
        self.at: tuple | None = None
        self.first_reordered_at: tuple | None = None
        self.written: set[str] = set()  # the ocids of the records written
        self.reordered: set[str] = set()  # and of those compiled again
        self.due: list[_Process] = []  # to compile again at the end of the batch
        self._adapt = external_store.utc_datetime_value()

    def add(self, item: Item) -> None:
        self.added += 1
        if self.expect and item.kind != "skipped":
            self._check_kind(item)
        self.pending.append(item)
        if len(self.pending) >= BATCH:
            self._batch()

    def _check_kind(self, item: Item) -> None:
        """--expect releases refuses record packages; --expect records, anything else."""
        kind = item.package.kind
        records = kind == "record package"
        if records == (self.expect == "records"):
            return
        where = f"line {item.line}: " if item.line else ""
        if not where and item.package.number > 1:
            where = f"package {item.package.number}: "
        found = "a release" if kind == "release" else f"a {kind}"
        raise BadFile(f"{where}{found}, not a {self.expect[:-1]} package")

    def finish(self) -> Outcome:
        self._batch()
        if not self.read:
            raise BadFile(_("no releases or records in it"))
        self.at = (self.batches, 2, 0)
        self._write_records()
        return self.outcome

    def _mine(self, ocid: str) -> bool:
        index, parts = self.part
        return zlib.crc32(ocid.encode()) % parts == index

    def _batch(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        self.batches += 1
        self.at = (self.batches, 1, 0)
        entries, skipped = [], 0
        for item in batch:
            if item.kind == "skipped":  # another part's release, not read
                skipped += 1
                continue
            if item.kind == "record":
                self._at(item)
                entries.extend(self._record_entries(item))
                continue
            ocid = item.data.get("ocid")
            if not good_ocid(ocid):  # where it is, to tell which part's error comes first
                self._at(item)
                ocid = ocid_of(item.data, item)  # says what is wrong
            entries.append((item, 0, item.data, ocid, None))
        self.read += len(entries) + skipped
        if self.part:
            entries = [entry for entry in entries if self._mine(entry[3])]
        self._load({entry[3] for entry in entries})
        for item, inner, data, ocid, linked in entries:
            self._at(item, inner)
            if linked is None:
                self._release(item, inner, data, ocid)
            else:  # a compiled release, as published
                self._published(item, data, ocid, linked)
        self.sink.insert_releases(self.rows, self.places)
        self.rows, self.places = [], []
        if self.due:
            due, self.due = sorted(self.due, key=lambda p: p.reorder_at), []
            self._recompile(due)
        if len(self.states) > STATES:
            self.at = (self.batches, 2, 0)
            self._forget(len(self.states) - STATES // 2)
        self.at = None
        if self.progress:
            self.progress(self.read)

    def _at(self, item: Item, inner: int = 0) -> None:
        """Where the import is: compiling this item of this batch."""
        self.at = (self.batches, 1, item.line, item.package.number, item.index, inner)

    def _record_entries(self, item: Item) -> list:
        record = item.data
        ocid = ocid_of(record, item)
        releases = record.get("releases") or []
        if not isinstance(releases, list):
            raise bad(item, 0, ocid, "its releases are not an array")
        entries = [
            (item, inner, release, self._own(record, release, item, inner), None)
            for inner, release in enumerate(releases, 1)
            if isinstance(release, dict) and "id" in release
        ]
        if releases and len(entries) == len(releases):
            return entries
        compiled = record.get("compiledRelease")
        if not isinstance(compiled, dict):
            raise bad(
                item,
                0,
                ocid,
                "its releases are linked, not embedded, and it has no compiledRelease",
            )
        self._own(record, compiled, item, 0, of="its compiledRelease's ")
        # The compiled release first: embedded releases are in it, and only stored.
        return [(item, 0, compiled, ocid, len(releases) - len(entries)), *entries]

    @staticmethod
    def _own(record: dict, release: dict, item: Item, inner: int, of: str = "") -> str:
        """The ocid of a record's release, which must be the record's."""
        ocid = ocid_of(release, item, inner)
        if ocid != record["ocid"]:
            raise bad(item, inner, record["ocid"], f"{of}ocid {ocid} is not the record's")
        return ocid

    def _load(self, ocids: set) -> None:
        """The state of each process not yet in memory, from the sink."""
        missing = sorted(o for o in ocids if o not in self.states)
        # Where nothing was stored before this file, only what it wrote itself can be.
        asked = [o for o in missing if o in self.written] if self.fresh else missing
        for ocid, compiled, releases, linked, as_published, publisher, ids in (
            self.sink.states(asked) if asked else ()
        ):
            process = self.states[ocid] = _Process(ocid, compiled, ids)
            process.releases, process.linked = releases, linked
            process.as_published, process.publisher = as_published, publisher
        for ocid in missing:
            if ocid not in self.states:
                self.states[ocid] = _Process(ocid)

    def _publisher(self, item: Item) -> str:
        return (self.publisher or item.package.publisher).replace("\x00", "")[:300]

    def _release(self, item: Item, inner: int, data: dict, ocid: str) -> None:
        release_id = release_id_of(data, item, inner, ocid)
        date = date_of(data.get("date"), item, inner, ocid)
        process = self.states[ocid]
        process.touched = self.batches
        # A line of JSON Lines is stored as it was read; anything else as orjson writes it.
        text = item.raw if item.raw is not None and not inner else dumps(data)
        digest = hashlib.blake2b(text, digest_size=16).hexdigest()
        known = process.ids.get(release_id)
        if known is not None:
            if known != digest and not self._same(ocid, release_id, data):
                raise bad(
                    item,
                    inner,
                    ocid,
                    f"release {shown(release_id)} was imported before, with other content",
                )
            self.outcome.same += 1
            return
        process.ids[release_id] = digest
        publisher = self._publisher(item)
        self.rows.append((publisher, ocid, release_id, self._adapt(date), digest, text))
        self.places.append(-1 if inner else item.offset)
        process.load()
        if process.as_published and process.date is not None and date <= process.date:
            pass  # the publisher's compiled release has it already
        elif process.reorder or (process.date is not None and date < process.date):
            if not process.reorder:
                process.reorder = True
                process.reorder_at = (*self.at[2:], item.where(inner))
                self.due.append(process)
                if ocid not in self.reordered:  # once, if its state was forgotten between
                    self.reordered.add(ocid)
                    self.outcome.reordered += 1
                if not self.outcome.first_reordered:
                    self.outcome.first_reordered = item.where(inner)
                    self.first_reordered_at = self.at
        else:
            if item.package.version.startswith("1.0"):
                process.rules = RULES_1_0
            try:
                process.compiled = compile_release(process.compiled, data, process.rules)
            except InconsistentType as error:
                raise bad(item, inner, ocid, str(error)) from error
            process.date = date
        process.releases += 1
        process.publisher, process.changed = publisher, True
        self.outcome.new += 1

    def _same(self, ocid: str, release_id: str, data: dict) -> bool:
        """Whether the release stored (or about to be) has this content, written otherwise."""
        stored = next((r[5] for r in self.rows if r[1] == ocid and r[2] == release_id), None)
        if stored is None:
            stored = self.sink.stored_release(ocid, release_id)
        return same_content(parse(stored), data)

    def _published(self, item: Item, compiled: dict, ocid: str, linked: int) -> None:
        date = date_of(compiled.get("date"), item, 0, ocid, of="its compiledRelease's ")
        process = self.states[ocid]
        process.touched = self.batches
        process.load()
        if process.compiled is not None and same_content(process.compiled, compiled):
            self.outcome.same += 1
        elif process.date is not None and date < process.date:
            self.outcome.older += 1
        else:
            process.compiled, process.date, process.linked = compiled, date, linked
            process.as_published, process.changed = True, True
            process.publisher = self._publisher(item)
            self.outcome.published += 1

    def _forget(self, count: int) -> None:
        """Write the `count` processes touched longest ago, and let go of them."""
        oldest = sorted(self.states.values(), key=attrgetter("touched"))[:count]
        self._write_records(oldest)
        for process in oldest:
            del self.states[process.ocid]

    def _write_records(self, processes=None) -> None:
        changed = [
            p for p in (self.states.values() if processes is None else processes) if p.changed
        ]
        if not changed:
            return
        records = []
        for process in changed:
            text = dumps(process.compiled)
            records.append(
                {
                    "ocid": process.ocid,
                    "publisher": process.publisher,
                    "compiled": text,
                    "as_published": process.as_published,
                    "releases": process.releases,
                    "linked_releases": process.linked,
                    "date": process.date,
                    "new": process.stored is None,  # never written: no row to replace
                    **external_index.listing(process.compiled),
                }
            )
            process.stored, process.changed = text, False
        self.sink.upsert_records(records)
        self.written.update(record["ocid"] for record in records)
        self.outcome.processes = len(self.written)

    def _recompile(self, processes: list[_Process]) -> None:
        """Compile these processes again from all their stored releases, in date order, in
        the order of their first release out of order: at the end of the batch that brought
        it, so what fails, and when, is the same however the file is parted."""
        releases = defaultdict(list)
        for ocid, data in self.sink.stored_releases([p.ocid for p in processes]):
            releases[ocid].append(parse(data))
        for process in processes:
            *place, where = process.reorder_at
            self.at = (self.batches, 2, *place)
            compiled = None
            # sorted() keeps the order of writing among releases of the same date.
            for release in sorted(releases[process.ocid], key=lambda r: instant(r["date"])):
                try:
                    compiled = compile_release(compiled, release, process.rules)
                except InconsistentType as error:
                    raise BadFile(
                        f"{where} (ocid {process.ocid}), compiled in date order: {error}"
                    ) from error
            process.compiled, process.date = compiled, instant(compiled["date"])
            process.reorder = False
