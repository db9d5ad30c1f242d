"""The search index kept in each process's memory, in front of the database engines.

Documents take positions 0..n-1 in the order of their tiebreak hash, and every posting (a
word, a word of a title, a filter value) is a set of positions held as a Python int used as
a bit set. A query is then a few ANDs; a page in the engines' order is read off the lowest
set bits of each title-score group; a facet count is an AND and a popcount.

The snapshot is built from the database on first use. Later index changes are read from the
change log (SearchChange): the documents they touched are dropped from the snapshot (a mask)
and kept beside it in a small overlay, until the overlay outgrows its limit and the snapshot
is built again. Only committed state is read: search() never asks this index from inside a
transaction, so a rollback cannot leave a process with an index the database never had.
"""

import logging
import threading
from array import array
from bisect import bisect_left
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import orjson
from django.db import connections

logger = logging.getLogger(__name__)

# A posting held by at least 1/DENSE_SHARE of the documents is kept as a bit set; rarer
# ones as positions, made bit sets when asked and kept for the last RARE_CACHE asked.
DENSE_SHARE, RARE_CACHE = 256, 512
# Changed documents kept beside a snapshot before it is built again.
OVERLAY_MIN, OVERLAY_SHARE = 500, 50
# Up to this many documents a snapshot is built in the search that needs it (a fraction of
# a second); above, in a thread, while the database engine answers (on first use) or the
# overlay goes on growing (later), so that no search waits seconds for it.
BUILD_IN_REQUEST = 10_000
# Positions read at a time when a page is taken from a bit set.
WINDOW = 1024
_WINDOW_MASK = (1 << WINDOW) - 1
# SQLite allows this many parameters in a statement, at the least.
BATCH = 900


def bits_of(positions, size: int) -> int:
    buf = bytearray((size + 8) // 8)
    for p in positions:
        buf[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buf, "little")


def select(bits: int, skip: int, take: int) -> list[int]:
    """Positions of the set bits of `bits`, lowest first, leaving out the lowest `skip`."""
    base = 0
    if skip:
        # The lowest bit position below which `skip` bits are set.
        lo, hi = 0, bits.bit_length()
        while lo < hi:
            mid = (lo + hi) // 2
            if (bits & ((1 << mid) - 1)).bit_count() >= skip:
                hi = mid
            else:
                lo = mid + 1
        bits >>= lo
        base = lo
    out: list[int] = []
    while bits and len(out) < take:
        gap = (bits & -bits).bit_length() - 1
        bits >>= gap
        base += gap
        chunk = bits & _WINDOW_MASK
        while chunk and len(out) < take:
            low = chunk & -chunk
            out.append(base + low.bit_length() - 1)
            chunk ^= low
        bits >>= WINDOW
        base += WINDOW
    return out


class Snapshot:
    """Every document of a kind at one moment, in tiebreak order, with its postings."""

    def __init__(self, rows):
        """rows: (object_id, tiebreak, title tokens, body tokens, facet tokens)."""
        rows = sorted(rows, key=lambda r: (r[1], r[0]))
        self.size = len(rows)
        self.object_ids = array("q", (r[0] for r in rows))
        self.tiebreaks = [r[1] for r in rows]
        self.position = {oid: p for p, oid in enumerate(self.object_ids)}
        words, titles, values = (defaultdict(lambda: array("I")) for _ in range(3))
        for p, (_oid, _tb, title, body, facets) in enumerate(rows):
            in_title = set(title.split())
            for word in in_title.union(body.split()):
                words[word].append(p)
            for word in in_title:
                titles[word].append(p)
            for value in set(facets.split()):
                values[value].append(p)
        # Common postings are made bit sets now; rare ones stay positions (a bit set costs
        # size/8 bytes whatever it holds) and become bit sets when asked, kept a while.
        dense = max(1, self.size // DENSE_SHARE)
        self.sparse = {}
        self.dense = {}
        for table, found in (("words", words), ("titles", titles), ("values", values)):
            self.sparse[table] = {t: p for t, p in found.items() if len(p) < dense}
            self.dense[table] = {
                t: bits_of(p, self.size) for t, p in found.items() if len(p) >= dense
            }
        self.everything = (1 << self.size) - 1
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def bits(self, table: str, token: str) -> int:
        found = self.dense[table].get(token)
        if found is not None:
            return found
        positions = self.sparse[table].get(token)
        if not positions:
            return 0
        key = (table, token)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = bits_of(positions, self.size)
        with self._lock:
            self._cache[key] = found
            if len(self._cache) > RARE_CACHE:
                self._cache.popitem(last=False)
        return found


class Changed(NamedTuple):
    """A document as it is now, for one changed since the snapshot."""

    object_id: int
    tiebreak: str
    rank: int  # how many snapshot positions sort before it
    words: frozenset
    title: frozenset
    values: frozenset


@dataclass(frozen=True)
class State:
    snapshot: Snapshot
    alive: int  # snapshot positions whose document has not changed since
    overlay: dict  # object id -> Changed, for changed documents that still exist
    changed: frozenset  # every object id changed since the snapshot
    version: str  # the index version this state shows
    seen: int  # id of the last change-log row applied; 0 when the log was empty


def answer(state: State, required, excluded, filters, facets, offset: int, limit: int):
    """The page of object ids, the total, and {token: count} for the facet tokens given.

    filters: one list of value tokens per filter (any of them matches); facets: the value
    tokens to count."""
    snap = state.snapshot
    match = state.alive
    for tokens in filters:
        either = 0
        for token in tokens:
            either |= snap.bits("values", token)
        match &= either
    for word in required:
        match &= snap.bits("words", word)
    for word in excluded:
        match &= ~snap.bits("words", word)
    # groups[s]: matches with s of the required words in their title.
    groups = [match]
    for word in required:
        title = snap.bits("titles", word)
        grown = [0] * (len(groups) + 1)
        for score, group in enumerate(groups):
            if group:
                grown[score] |= group & ~title
                grown[score + 1] |= group & title
        groups = grown
    extra = _overlay_matches(state, required, excluded, filters, len(groups))
    total = sum(g.bit_count() for g in groups) + sum(len(e) for e in extra)
    in_overlay = Counter(value for group in extra for doc in group for value in doc.values)
    counts = {}
    for token in facets:
        count = (match & snap.bits("values", token)).bit_count() + in_overlay[token]
        if count:
            counts[token] = count
    page: list[int] = []
    for group, changed in zip(reversed(groups), reversed(extra), strict=True):
        size = group.bit_count() + len(changed)
        if offset >= size:
            offset -= size
            continue
        page += _merged(snap, group, changed, offset, limit - len(page))
        offset = 0
        if len(page) >= limit:
            break
    return page, total, counts


def _overlay_matches(state: State, required, excluded, filters, scores: int) -> list[list]:
    """Changed documents that match, by title score, each list in tiebreak order."""
    required, excluded = set(required), set(excluded)
    filters = [set(tokens) for tokens in filters]
    extra: list[list] = [[] for _ in range(scores)]
    for doc in state.overlay.values():
        words = doc.words
        if (
            required <= words
            and not excluded & words
            and all(doc.values & tokens for tokens in filters)
        ):
            extra[len(required & doc.title)].append(doc)
    for group in extra:
        group.sort(key=lambda d: d.tiebreak)
    return extra


def _merged(snap: Snapshot, group: int, changed: list, start: int, take: int) -> list[int]:
    """Object ids at `start`.. of the snapshot matches in `group` and the changed matches,
    merged in tiebreak order."""
    if not changed:
        return [snap.object_ids[p] for p in select(group, start, take)]

    def place(j):  # where changed[j] falls in the merged order
        return (group & ((1 << changed[j].rank) - 1)).bit_count() + j

    # Changed documents before the page, found by bisection: place() grows with j.
    lo, hi = 0, len(changed)
    while lo < hi:
        mid = (lo + hi) // 2
        if place(mid) < start:
            lo = mid + 1
        else:
            hi = mid
    inside = []
    j = lo
    while j < len(changed) and place(j) < start + take:
        inside.append(changed[j])
        j += 1
    positions = select(group, start - lo, take - len(inside))
    merged = [(snap.tiebreaks[p], snap.object_ids[p]) for p in positions]
    merged += [(c.tiebreak, c.object_id) for c in inside]
    merged.sort()
    return [oid for _tb, oid in merged[:take]]


class ResidentIndex:
    """One kind's index on one database, shared by the threads of a process."""

    def __init__(self, kind: str, alias: str):
        self.kind = kind
        self.alias = alias
        self.state: State | None = None
        self.builder: threading.Thread | None = None
        self._lock = threading.Lock()

    def current(self, connection, version: str) -> State | None:
        """The state for this version of the index, caught up from the log; None while a
        large index is built in a thread (the database engine answers meanwhile)."""
        state = self.state
        if state is not None and state.version == version:
            return state
        with self._lock:
            state = self.state
            if state is None or state.version != version:
                state = self.state = self._refresh(connection, state)
        return state

    def build_now(self, connection) -> None:
        with self._lock:
            self.state = self._build(connection)

    def _refresh(self, connection, state: State | None) -> State | None:
        if state is None or not state.seen:
            return self._rebuild(connection)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, object_ids, version FROM core_searchchange "
                "WHERE kind = %s AND id >= %s ORDER BY id",
                [self.kind, state.seen],
            )
            rows = cursor.fetchall()
        # The log must go on from the row this state last applied; if that row is gone or
        # different (the log was cleared, the database reset), start again.
        if not rows or rows[0][0] != state.seen or rows[0][2] != state.version:
            return self._rebuild(connection)
        if len(rows) == 1:
            return state
        touched = {oid for _id, ids, _v in rows[1:] for oid in json_value(ids)}
        changed = state.changed | touched
        limit = max(OVERLAY_MIN, state.snapshot.size // OVERLAY_SHARE)
        if len(changed) > limit:
            built = self._rebuild(connection)
            if built is not None:
                return built
            # Built in a thread: until it is ready, the overlay grows past its limit.
        snap = state.snapshot
        overlay = {k: v for k, v in state.overlay.items() if k not in touched}
        for oid, tiebreak, title, body, facets in _documents(connection, self.kind, touched):
            title_words = frozenset(title.split())
            overlay[oid] = Changed(
                object_id=oid,
                tiebreak=tiebreak,
                rank=bisect_left(snap.tiebreaks, tiebreak),
                words=title_words.union(body.split()),
                title=title_words,
                values=frozenset(facets.split()),
            )
        dropped = bits_of(
            (snap.position[oid] for oid in touched if oid in snap.position), snap.size
        )
        return State(
            snapshot=snap,
            alive=state.alive & ~dropped,
            overlay=overlay,
            changed=frozenset(changed),
            version=rows[-1][2],
            seen=rows[-1][0],
        )

    def _rebuild(self, connection) -> State | None:
        """A new snapshot: here if it is small; else in a thread, and None meanwhile."""
        if self.builder is not None and self.builder.is_alive():
            return None
        if _count(connection, self.kind) <= BUILD_IN_REQUEST:
            return self._build(connection)
        self.builder = threading.Thread(
            target=self._build_in_thread, name=f"search index {self.kind}", daemon=True
        )
        self.builder.start()
        return None

    def _build_in_thread(self) -> None:
        connection = connections[self.alias]  # this thread's own
        try:
            built = self._build(connection)
            with self._lock:
                # Searches may have caught up past the build's start meanwhile: the new
                # snapshot catches up too before it replaces their state. (Built from an
                # empty log, it has nothing to catch up from: a later change builds again.)
                self.state = self._refresh(connection, built) if built.seen else built
        except Exception:
            logger.exception("building the %s search index failed", self.kind)
        finally:
            connection.close()

    def _build(self, connection) -> State:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, version FROM core_searchchange WHERE kind = %s ORDER BY id DESC "
                "LIMIT 1",
                [self.kind],
            )
            last = cursor.fetchone()
        if last is None:
            # Nothing logged yet (documents from before the log): the version row is the
            # truth, and any later change means building again.
            last = (0, version_of(connection, self.kind))
        snap = Snapshot(_documents(connection, self.kind))
        return State(
            snapshot=snap,
            alive=snap.everything,
            overlay={},
            changed=frozenset(),
            version=last[1],
            seen=last[0],
        )


def _count(connection, kind: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_searchdocument WHERE kind = %s", [kind])
        return cursor.fetchone()[0]


def version_of(connection, kind: str) -> str:
    # Plain SQL: every search asks this first, and the ORM would double its cost.
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM core_searchindexversion WHERE kind = %s", [kind])
        found = cursor.fetchone()
    return found[0] if found else ""


def json_value(value):
    """A JSON column read with plain SQL: SQLite hands it back as text, PostgreSQL parsed."""
    return orjson.loads(value) if isinstance(value, str) else value


def _documents(connection, kind: str, object_ids=None):
    sql = (
        "SELECT d.object_id, d.tiebreak, t.title_tokens, t.body_tokens, t.facet_tokens "
        "FROM core_searchdocument d JOIN core_searchtext t ON t.document_id = d.id "
        "WHERE d.kind = %s"
    )
    with connection.cursor() as cursor:
        if object_ids is None:
            cursor.execute(sql, [kind])
            # In pieces: one long call into the driver would hold the interpreter, and a
            # build in a thread would stall the searches being answered meanwhile.
            rows = []
            while chunk := cursor.fetchmany(BATCH):
                rows += chunk
            return rows
        rows = []
        ids = sorted(object_ids)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            cursor.execute(
                sql + f" AND d.object_id IN ({', '.join(['%s'] * len(batch))})", [kind, *batch]
            )
            rows += cursor.fetchall()
        return rows


_indexes: dict = {}
_indexes_lock = threading.Lock()


def index_for(connection, kind: str) -> ResidentIndex:
    key = (connection.alias, connection.settings_dict.get("NAME"), kind)
    with _indexes_lock:
        found = _indexes.get(key)
        if found is None:
            found = _indexes[key] = ResidentIndex(kind, connection.alias)
    return found
