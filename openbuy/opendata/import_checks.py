"""What an imported release must have for openbuy to store and compile it, and the message
naming where it is when it has not: its ocid (with a registered prefix), id and date."""

import datetime
import re
from decimal import Decimal

from .import_reading import BadFile, Item

# A registered prefix and something after it, with no space, control or format character.
LONGEST_OCID, LONGEST_ID = 200, 300  # the columns' sizes
OCID = re.compile(r"ocds-[a-z0-9]{6}-\S+")
_PREFIX = re.compile(r"ocds-[a-z0-9]{6}-")


def good_ocid(ocid) -> bool:
    return (
        type(ocid) is str
        and len(ocid) <= LONGEST_OCID
        and OCID.fullmatch(ocid) is not None
        and ocid.isprintable()
    )


def shown(text: str) -> str:
    """Text from a file as a message shows it: escaped where it would break the line or
    turn it around (a newline, a bidirectional override)."""
    return text if text.isprintable() else ascii(text)


def bad(item: Item, inner: int, ocid: str | None, message: str) -> BadFile:
    where = item.where(inner)
    if ocid:
        return BadFile(f"{where} (ocid {shown(ocid)}): {message}")
    return BadFile(f"{where}: {message}")


def ocid_of(data: dict, item: Item, inner: int = 0) -> str:
    ocid = data.get("ocid")
    if not isinstance(ocid, str) or not ocid:
        raise bad(item, inner, None, "no ocid")
    if len(ocid) > LONGEST_OCID:
        raise bad(item, inner, ocid[:50] + "…", f"an ocid longer than {LONGEST_OCID} characters")
    if not _PREFIX.match(ocid):
        raise bad(
            item,
            inner,
            ocid,
            "the ocid does not start with a registered prefix (ocds-, six letters or digits, "
            "a hyphen)",
        )
    if not good_ocid(ocid):
        raise bad(
            item,
            inner,
            ascii(ocid),
            "the ocid has nothing after its prefix, or a space, control or format character",
        )
    return ocid


def release_id_of(data: dict, item: Item, inner: int, ocid: str) -> str:
    release_id = data.get("id")
    if type(release_id) not in (str, int) or release_id == "":
        raise bad(item, inner, ocid, "a release without an id")
    release_id = str(release_id)
    if len(release_id) > LONGEST_ID or "\x00" in release_id:
        raise bad(item, inner, ocid, f"an id longer than {LONGEST_ID} characters, or with NUL")
    return release_id


# RFC 3339's date-time, the OCDS schema's format for dates: with seconds and an offset.
DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def instant(text: str) -> datetime.datetime:
    """The moment a checked date-time names, in UTC: dates are compared by it, not by their
    text, so "10:00+05:00" comes before "06:00Z"."""
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is datetime.UTC:  # most dates ("Z"): nothing to convert
        return moment
    # Records stored before offsets were required may have none: UTC, as they were read.
    return (moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)).astimezone(
        datetime.UTC
    )


def date_of(text, item: Item, inner: int, ocid: str, of: str = "") -> datetime.datetime:
    try:
        if not isinstance(text, str) or not DATE_TIME.fullmatch(text):
            raise ValueError(text)
        return instant(text)
    except (ValueError, OverflowError) as error:
        if text is None:
            missing = f"{of}date is missing" if of else "a release without a date"
            raise bad(item, inner, ocid, missing) from error
        raise bad(
            item,
            inner,
            ocid,
            f"{of}date {text!r} is not a date and time with its offset from UTC "
            "(RFC 3339, as 2024-01-31T09:30:00Z)",
        ) from error


def _number(value) -> Decimal:
    # A float was read from a decimal of at most 15 digits: its shortest repr is that text.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def same_content(a, b) -> bool:
    """Whether two JSON values hold the same content: keys in any order, numbers compared
    by value (100, 100.0 and 100.00 alike), true never equal to 1."""
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and a.keys() == b.keys()
            and all(same_content(value, b[key]) for key, value in a.items())
        )
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same_content, a, b))
    numbers = (int, float, Decimal)
    if isinstance(a, numbers) and not isinstance(a, bool):
        return isinstance(b, numbers) and not isinstance(b, bool) and _number(a) == _number(b)
    return type(a) is type(b) and a == b
