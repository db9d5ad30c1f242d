"""Writing releases: each one checked, stored once as bytes, and merged into its
process's compiled release, in the transaction of the action that published it."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from django.db import connection
from django.db.models.expressions import RawSQL

from . import ocds, schema
from .merge import compile_release
from .models import Record, Release
from .serialize import dumps, extension_urls, extensions_used, loads

ONE_MICROSECOND = datetime.timedelta(microseconds=1)


class InvalidRelease(RuntimeError):
    """A release that breaks the OCDS schema: a bug, so the action fails loudly (and
    rolls back) rather than publish it."""


def _txid():
    if connection.vendor == "postgresql":
        return RawSQL("pg_current_xact_id()::text::bigint", ())
    return 0


def check(release: ocds.Release, data: bytes, used: list[str]) -> None:
    folder = schema.schema_dir()
    if folder is None:
        return
    problems = schema.checker(folder, tuple(extension_urls(used))).problems(orjson.loads(data))
    if problems:
        listed = "; ".join(f"{p.path or '/'}: {p.message}" for p in problems[:5])
        raise InvalidRelease(f"Release {release.id} breaks the OCDS schema: {listed}")


@dataclass(frozen=True)
class Next:
    """What a publisher knows of the release it builds before building it."""

    ocid: str
    id: str
    date: datetime.datetime
    previous_id: str | None  # the process's latest release before this one


def publish(
    *, jurisdiction, ocid: str, at: datetime.datetime, build: Callable[[Next], dict]
) -> Release:
    """Publish the next release of `ocid`, dated `at` or just after its latest release if
    that is later (dates strictly increase per process), with the OCDS fields (models of
    ocds.py) that `build` returns. Must run inside the publishing action's transaction."""
    record = Record.objects.select_for_update().filter(ocid=ocid).first()
    date = at if record is None or at > record.last_date else record.last_date + ONE_MICROSECOND
    number = record.releases + 1 if record else 1
    previous = f"{ocid}-{number - 1}" if record else None
    release_id = f"{ocid}-{number}"
    fields = build(Next(ocid, release_id, date, previous))
    release = ocds.Release(ocid=ocid, id=release_id, date=date, **fields)
    data = dumps(release)
    used = extensions_used(release)
    check(release, data, used)
    row = Release.objects.create(
        txid=_txid(),
        jurisdiction=jurisdiction,
        ocid=ocid,
        release_id=release.id,
        date=date,
        tags=",".join(release.tag),
        extensions=",".join(used),
        data=data,
        size=len(data),
    )
    compiled = compile_release(loads(record.compiled) if record else None, loads(data))
    extensions = sorted({*used, *(record.extensions.split(",") if record else ())} - {""})
    values = {
        "jurisdiction": jurisdiction,
        "compiled": dumps(compiled),
        "releases": number,
        "extensions": ",".join(extensions),
        "last_date": date,
        "last_seq": row.seq,
    }
    if record is None:
        Record.objects.create(ocid=ocid, **values)
    else:
        Record.objects.filter(ocid=ocid).update(**values)
    return row
