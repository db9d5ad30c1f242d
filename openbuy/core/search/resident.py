"""The search index each process keeps in memory, kept current from the database: this part
reads the documents and the change log, builds snapshots (snapshot.py holds them and answers
from them) in the search that needs one or in a thread, and shares them between threads.

The snapshot is built from the database on first use. Later index changes are read from the
change log (SearchChange): the documents they touched are dropped from the snapshot (a mask)
and kept beside it in a small overlay, until the overlay outgrows its limit and the snapshot
is built again. Only committed state is read: search() never asks this index from inside a
transaction, so a rollback cannot leave a process with an index the database never had.
"""

import logging
import threading
from collections.abc import Iterable
from typing import NamedTuple

import orjson
from django.db import connections

from .snapshot import IndexedDocument, Snapshot, State

logger = logging.getLogger(__name__)

# Changed documents kept beside a snapshot before it is built again.
OVERLAY_MIN, OVERLAY_SHARE = 500, 50
# Up to this many documents a snapshot is built in the search that needs it (a fraction of
# a second); above, in a thread, while the database engine answers (on first use) or the
# overlay goes on growing (later), so that no search waits seconds for it.
BUILD_IN_REQUEST = 10_000
# SQLite allows this many parameters in a statement, at the least.
BATCH = 900


class LogRow(NamedTuple):
    """A row of the change log (SearchChange)."""

    id: int
    object_ids: list[int]
    version: str


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
        rows = _log_from(connection, self.kind, state.seen)
        # The log must go on from the row this state last applied; if that row is gone or
        # different (the log was cleared, the database reset), start again.
        if not rows or rows[0].id != state.seen or rows[0].version != state.version:
            return self._rebuild(connection)
        if len(rows) == 1:
            return state
        touched = {oid for row in rows[1:] for oid in row.object_ids}
        limit = max(OVERLAY_MIN, state.snapshot.size // OVERLAY_SHARE)
        if len(state.changed | touched) > limit:
            built = self._rebuild(connection)
            if built is not None:
                return built
            # Built in a thread: until it is ready, the overlay grows past its limit.
        now = _documents(connection, self.kind, touched)
        return state.with_changes(touched, now, version=rows[-1].version, seen=rows[-1].id)

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
                # empty log, it has nothing to catch up from: a change builds again.)
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
            # An empty log: nothing of this kind was ever indexed (pruning keeps a row).
            seen, version = cursor.fetchone() or (0, "")
        return State.of(Snapshot(_documents(connection, self.kind)), version=version, seen=seen)


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


def _log_from(connection, kind: str, first: int) -> list[LogRow]:
    """The log from row `first` on. That row was applied already, and is only compared: its
    ids are left unread (after a re-index they are every document's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, object_ids, version FROM core_searchchange "
            "WHERE kind = %s AND id >= %s ORDER BY id",
            [kind, first],
        )
        return [
            LogRow(pk, json_value(ids) if pk != first else [], version)
            for pk, ids, version in cursor.fetchall()
        ]


def _documents(connection, kind: str, object_ids: Iterable[int] | None = None):
    """The documents of a kind as stored, or those of these object ids that still exist."""
    sql = (
        "SELECT d.object_id, d.tiebreak, t.title_tokens, t.body_tokens, t.facet_tokens "
        "FROM core_searchdocument d JOIN core_searchtext t ON t.document_id = d.id "
        "WHERE d.kind = %s"
    )
    documents: list[IndexedDocument] = []
    with connection.cursor() as cursor:
        if object_ids is None:
            cursor.execute(sql, [kind])
            # In pieces: one long call into the driver would hold the interpreter, and a
            # build in a thread would stall the searches being answered meanwhile.
            while chunk := cursor.fetchmany(BATCH):
                documents += map(IndexedDocument._make, chunk)
            return documents
        ids = sorted(object_ids)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            cursor.execute(
                sql + f" AND d.object_id IN ({', '.join(['%s'] * len(batch))})", [kind, *batch]
            )
            documents += map(IndexedDocument._make, cursor.fetchall())
        return documents


_indexes: dict[tuple, ResidentIndex] = {}  # one per kind and database
_indexes_lock = threading.Lock()


def index_for(connection, kind: str) -> ResidentIndex:
    key = (connection.alias, connection.settings_dict.get("NAME"), kind)
    with _indexes_lock:
        found = _indexes.get(key)
        if found is None:
            found = _indexes[key] = ResidentIndex(kind, connection.alias)
    return found
