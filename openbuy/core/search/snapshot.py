"""The search index in memory as plain data: built from documents, queried, counted. No
database and no Django here (resident.py reads the documents and the change log, and keeps
a State current); so this part is tested on its own, without a database.

Documents take positions 0..n-1 in the order of their tiebreak hash, and every posting (a
word, a word of a title, a filter value) is a set of positions held as a Python int used as
a bit set. A query is then a few ANDs; a page in the engines' order is read off the lowest
set bits of each title-score group; a facet count is an AND and a popcount. Documents
changed since the snapshot are masked out of it and kept beside it, in the overlay.
"""

from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from openbuy.core.bounded import Bounded

# A posting held by at least 1/DENSE_SHARE of the documents is kept as a bit set; rarer
# ones as positions, made bit sets when asked and kept for the last RARE_CACHE asked.
DENSE_SHARE, RARE_CACHE = 256, 512
# Positions read at a time when a page is taken from a bit set.
WINDOW = 1024
_WINDOW_MASK = (1 << WINDOW) - 1


class IndexedDocument(NamedTuple):
    """One document as the index sees it: its tokens, space-separated, as stored."""

    object_id: int
    tiebreak: str
    title: str
    body: str
    facets: str


class Answer(NamedTuple):
    page: list[int]  # object ids, in order
    total: int
    counts: Counter  # filter value token -> matches that have it


def bits_of(positions: Iterable[int], size: int) -> int:
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


class Postings:
    """The documents (positions) holding each token of one kind: words, title words, or
    filter values. Common tokens are bit sets from the start; rare ones stay positions (a
    bit set costs size/8 bytes whatever it holds) and become bit sets when asked."""

    def __init__(self, name: str, found: dict[str, array], size: int, rare: Bounded):
        dense = max(1, size // DENSE_SHARE)
        self.name = name
        self.size = size
        self.dense = {t: bits_of(p, size) for t, p in found.items() if len(p) >= dense}
        self.sparse = {t: p for t, p in found.items() if len(p) < dense}
        self._rare = rare  # shared by a snapshot's postings, keyed by (name, token)

    def bits(self, token: str) -> int:
        found = self.dense.get(token)
        if found is not None:
            return found
        positions = self.sparse.get(token)
        if not positions:
            return 0
        return self._rare.get_or_make((self.name, token), lambda: bits_of(positions, self.size))


class Snapshot:
    """Every document of a kind at one moment, in tiebreak order, with its postings."""

    def __init__(self, documents: Iterable[IndexedDocument]):
        # By position, not by name, in this loop over every document: it is a build's cost.
        documents = sorted(documents, key=itemgetter(1, 0))  # tiebreak, then object id
        self.size = len(documents)
        self.object_ids = array("q", (d[0] for d in documents))
        self.tiebreaks = [d[1] for d in documents]
        self.position = {oid: p for p, oid in enumerate(self.object_ids)}
        words, titles, values = (defaultdict(lambda: array("I")) for _ in range(3))
        for p, (_oid, _tiebreak, title, body, facets) in enumerate(documents):
            in_title = set(title.split())
            for word in in_title.union(body.split()):
                words[word].append(p)
            for word in in_title:
                titles[word].append(p)
            for value in set(facets.split()):
                values[value].append(p)
        rare: Bounded[tuple[str, str], int] = Bounded(RARE_CACHE)
        self.words = Postings("words", words, self.size, rare)
        self.titles = Postings("titles", titles, self.size, rare)
        self.values = Postings("values", values, self.size, rare)
        self.everything = (1 << self.size) - 1


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
    """A snapshot and what changed since: what one version of the index holds."""

    snapshot: Snapshot
    alive: int  # snapshot positions whose document has not changed since
    overlay: dict[int, Changed]  # object id -> Changed, for changed documents that exist
    changed: frozenset[int]  # every object id changed since the snapshot
    version: str  # the index version this state shows
    seen: int  # id of the last change-log row applied; 0 when the log was empty

    @classmethod
    def of(cls, snapshot: Snapshot, *, version: str, seen: int) -> "State":
        return cls(snapshot, snapshot.everything, {}, frozenset(), version, seen)

    def with_changes(
        self, touched: set[int], now: Iterable[IndexedDocument], *, version: str, seen: int
    ) -> "State":
        """This state after the documents `touched` changed: `now` holds those that still
        exist, as they are now."""
        snap = self.snapshot
        overlay = {k: v for k, v in self.overlay.items() if k not in touched}
        for doc in now:
            title = frozenset(doc.title.split())
            overlay[doc.object_id] = Changed(
                object_id=doc.object_id,
                tiebreak=doc.tiebreak,
                rank=bisect_left(snap.tiebreaks, doc.tiebreak),
                words=title.union(doc.body.split()),
                title=title,
                values=frozenset(doc.facets.split()),
            )
        dropped = bits_of((snap.position[o] for o in touched if o in snap.position), snap.size)
        return State(
            snapshot=snap,
            alive=self.alive & ~dropped,
            overlay=overlay,
            changed=self.changed | touched,
            version=version,
            seen=seen,
        )


def answer(
    state: State,
    required: Sequence[str],
    excluded: Sequence[str],
    filters: Sequence[Sequence[str]],
    facets: Iterable[str],
    offset: int,
    limit: int,
) -> Answer:
    """The page of object ids, the total, and the counts of the facet tokens given.

    filters: one list of value tokens per filter (any of them matches); facets: the value
    tokens to count."""
    snap = state.snapshot
    match = state.alive
    for tokens in filters:
        either = 0
        for token in tokens:
            either |= snap.values.bits(token)
        match &= either
    for word in required:
        match &= snap.words.bits(word)
    for word in excluded:
        match &= ~snap.words.bits(word)
    # groups[s]: matches with s of the required words in their title.
    groups = [match]
    for word in required:
        title = snap.titles.bits(word)
        grown = [0] * (len(groups) + 1)
        for score, group in enumerate(groups):
            if group:
                grown[score] |= group & ~title
                grown[score + 1] |= group & title
        groups = grown
    extra = _overlay_matches(state, required, excluded, filters, len(groups))
    total = sum(g.bit_count() for g in groups) + sum(len(e) for e in extra)
    in_overlay = Counter(value for group in extra for doc in group for value in doc.values)
    counts = Counter()
    for token in facets:
        count = (match & snap.values.bits(token)).bit_count() + in_overlay[token]
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
    return Answer(page, total, counts)


def _overlay_matches(state: State, required, excluded, filters, scores: int) -> list[list]:
    """Changed documents that match, by title score, each list in tiebreak order."""
    required, excluded = set(required), set(excluded)
    filters = [set(tokens) for tokens in filters]
    extra: list[list[Changed]] = [[] for _ in range(scores)]
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


def _merged(snap: Snapshot, group: int, changed: list[Changed], start: int, take: int):
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
