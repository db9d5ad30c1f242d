"""Where an import reads what is stored and writes what it makes: the database, in the
import's transaction (`Database`). An import run on several cores (import_parallel.py) reads
and writes through the same methods, sent to the process that holds the transaction."""

import itertools

from . import external_store
from .models import ExternalRecord, ExternalRelease
from .tasks import index_external_records

CHUNK = external_store.CHUNK
INDEX_CHUNK = 2000  # records a search indexing task


class Database:
    def fresh(self) -> bool:
        """Whether no process has been imported yet (then an ocid not met in this file is
        new, and nobody need look for it)."""
        return not ExternalRecord.objects.exists()

    def states(self, ocids: list[str]) -> list[tuple]:
        """(ocid, compiled, releases, linked releases, as published, publisher, {release id:
        digest}) of each of these processes that is stored."""
        found = {}
        for chunk in itertools.batched(ocids, CHUNK):
            # Locked (PostgreSQL) until the file commits: another import updating the same
            # processes waits, then reads what this one wrote, rather than writing over it.
            records = (
                ExternalRecord.objects.filter(ocid__in=chunk)
                .select_for_update()
                .values_list(
                    "ocid", "compiled", "releases", "linked_releases", "as_published", "publisher"
                )
            )
            for ocid, compiled, *rest in records:
                found[ocid] = [ocid, bytes(compiled), *rest, {}]
            stored = ExternalRelease.objects.filter(ocid__in=[o for o in chunk if o in found])
            for ocid, release_id, digest in stored.values_list("ocid", "release_id", "digest"):
                found[ocid][-1][release_id] = digest
        return [tuple(state) for state in found.values()]

    def stored_release(self, ocid: str, release_id: str) -> bytes:
        found = ExternalRelease.objects.filter(ocid=ocid, release_id=release_id)
        return bytes(found.values_list("data", flat=True).get())

    def stored_releases(self, ocids: list[str]) -> list[tuple[str, bytes]]:
        """(ocid, data) of every release stored for these processes, in the order written."""
        found = []
        for chunk in itertools.batched(ocids, CHUNK):
            stored = ExternalRelease.objects.filter(ocid__in=chunk).order_by("pk")
            found.extend((ocid, bytes(data)) for ocid, data in stored.values_list("ocid", "data"))
        return found

    def insert_releases(self, rows: list[tuple], places=None) -> None:
        """Rows of external_store.RELEASE_COLUMNS (`places`, where each row's data is in
        the file, is for import_files' parts, which send that rather than the data)."""
        external_store.insert_releases(rows)

    def upsert_records(self, records: list[dict]) -> None:
        external_store.upsert_records(records)
        # Indexed by the worker once the file commits: it would halve the import's speed.
        ocids = [record["ocid"] for record in records]
        for chunk in itertools.batched(ocids, INDEX_CHUNK):
            index_external_records.enqueue(ocids=list(chunk))
