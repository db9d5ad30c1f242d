"""Records: a process's releases (linked, or embedded on request) with its compiled
release, and its versioned release on request, assembled from stored bytes."""

import orjson
from ocdsmerge import Merger

from openbuy.core import site_url

from .merge import FLAT_RULES
from .models import Record, Release
from .serialize import OPTIONS, dumps, loads


def release_url(release_id: str) -> str:
    return site_url.absolute(f"/api/v1/ocds/releases/{release_id}")


def record_url(ocid: str) -> str:
    return site_url.absolute(f"/api/v1/ocds/records/{ocid}")


def _linked(rows) -> list[dict]:
    return [
        {"url": release_url(release_id), "date": date, "tag": tags.split(",")}
        for release_id, date, tags in rows
    ]


def record_bytes(
    record: Record, linked_rows=None, *, embedded: list[bytes] | None = None, versioned=None
) -> bytes:
    """One record: releases embedded (their stored bytes) or linked, then the compiled
    release as stored, then the versioned release when asked for."""
    head = orjson.dumps({"ocid": record.ocid}, option=OPTIONS)[:-1]
    if embedded is not None:
        releases = b"[" + b",".join(embedded) + b"]"
    else:
        releases = orjson.dumps(_linked(linked_rows), option=OPTIONS)
    body = head + b',"releases":' + releases + b',"compiledRelease":' + bytes(record.compiled)
    if versioned is not None:
        body += b',"versionedRelease":' + dumps(versioned)
    return body + b"}"


def versioned_release(ocid: str) -> dict:
    releases = [
        loads(data)
        for data in Release.objects.filter(ocid=ocid)
        .order_by("date")
        .values_list("data", flat=True)
    ]
    return Merger(merge_rules=FLAT_RULES).create_versioned_release(releases)


def linked_rows_for(ocids: list[str]) -> dict[str, list]:
    rows: dict[str, list] = {ocid: [] for ocid in ocids}
    for ocid, release_id, date, tags in (
        Release.objects.filter(ocid__in=ocids)
        .order_by("ocid", "date")
        .values_list("ocid", "release_id", "date", "tags")
    ):
        rows[ocid].append((release_id, date, tags))
    return rows
