"""Reading releases in the order they became visible: the change feed and the release
package pages share it.

A release's position is (txid, seq). On PostgreSQL a transaction that wrote seq 10 can
commit after one that wrote seq 11; a reader paging by seq alone would pass 11 and never
see 10. So each release keeps its writer's transaction id, and a page holds only releases
of transactions older than every transaction still running (the snapshot's xmin, the
watermark): a release not yet visible always belongs to a transaction at or above the
watermark, so it sorts after every position already handed out. SQLite lets one writer
at a time, so seq order is commit order there (txid is 0) and nothing is held back.

Positions go out signed, so a cursor cannot be edited into a scan of something else.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openbuy.core.errors import Invalid

from .models import Release

START = (0, 0)
MAX_LIMIT = 1000
_SIGNER = signing.Signer(salt="openbuy.opendata.feed")


class BadCursor(Invalid):
    pass


def token(position: tuple[int, int]) -> str:
    return _SIGNER.sign(f"{position[0]}.{position[1]}")


def position(cursor: str | None, *, field: str = "since") -> tuple[int, int]:
    if not cursor:
        return START
    try:
        txid, seq = _SIGNER.unsign(cursor).split(".")
        return int(txid), int(seq)
    except (signing.BadSignature, ValueError) as bad:
        raise BadCursor(
            _(
                "This cursor was not given out by this server (or was changed): start again "
                "from the beginning, or from links.next of a page you were given"
            ),
            field=field,
        ) from bad


def watermark() -> tuple[int, int | None] | None:
    """Transactions below the first have all ended; the second is the reader's own, whose
    releases it sees (only a test reads inside a writing transaction). None: nothing is
    held back."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
            "pg_current_xact_id_if_assigned()::text::bigint"
        )
        return cursor.fetchone()


@dataclass(frozen=True)
class Page:
    rows: list[tuple[bytes, str]]  # each release's data and its extension keys
    next: tuple[int, int]  # where the next page starts (this page's start when empty)
    full: bool  # as many as asked for: more may follow at once


def releases_after(
    after: tuple[int, int], limit: int, *, ocid: str | None = None, jurisdiction=None
) -> Page:
    """Up to `limit` releases after `after` in feed order, none past the watermark."""
    held_back = watermark()  # read before the releases: see the module's note
    txid, seq = after
    rows = Release.objects.filter(Q(txid__gt=txid) | Q(txid=txid, seq__gt=seq))
    if held_back is not None:
        below, own = held_back
        rows = rows.filter(Q(txid__lt=below) | Q(txid=own) if own else Q(txid__lt=below))
    if ocid:
        rows = rows.filter(ocid=ocid)
    if jurisdiction is not None:
        rows = rows.filter(jurisdiction=jurisdiction)
    found = list(
        rows.order_by("txid", "seq").values_list("txid", "seq", "data", "extensions")[:limit]
    )
    last = (found[-1][0], found[-1][1]) if found else after
    return Page([(bytes(r[2]), r[3]) for r in found], last, len(found) == limit)


def ocid_token(ocid: str) -> str:
    return _SIGNER.sign(f"ocid:{ocid}")


def ocid_after(cursor: str | None) -> str:
    """The ocid a record page starts after ("" for the first page)."""
    if not cursor:
        return ""
    try:
        value = _SIGNER.unsign(cursor)
    except signing.BadSignature as bad:
        raise BadCursor(
            _("This cursor was not given out by this server (or was changed): start again"),
            field="after",
        ) from bad
    if not value.startswith("ocid:"):
        raise BadCursor(_("This cursor is for releases, not records"), field="after")
    return value[5:]
