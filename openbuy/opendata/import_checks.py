"""What an imported release must have for openbuy to store and compile it, and the message
naming where it is when it has not: its ocid (with a registered prefix), id and date."""

import datetime
import re

import orjson

from .import_reading import BadFile, Item, number

OCID = re.compile(r"ocds-[a-z0-9]{6}-")
LONGEST_OCID, LONGEST_ID = 200, 300  # the columns' sizes


def bad(item: Item, inner: int, ocid: str | None, message: str) -> BadFile:
    where = item.where(inner)
    return BadFile(f"{where} (ocid {ocid}): {message}" if ocid else f"{where}: {message}")


def ocid_of(data: dict, item: Item, inner: int = 0) -> str:
    ocid = data.get("ocid")
    if not isinstance(ocid, str) or not ocid:
        raise bad(item, inner, None, "no ocid")
    if len(ocid) > LONGEST_OCID:
        raise bad(item, inner, ocid[:50] + "…", f"an ocid longer than {LONGEST_OCID} characters")
    if not OCID.match(ocid) or "\x00" in ocid:
        raise bad(
            item,
            inner,
            ocid,
            "the ocid does not start with a registered prefix (ocds-, six letters or digits, "
            "a hyphen)",
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


def date_of(text, item: Item, inner: int, ocid: str, of: str = "") -> datetime.datetime:
    try:
        date = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError) as error:
        raise bad(item, inner, ocid, f"{of}date {text!r} is not a date and time") from error
    return date if date.tzinfo else date.replace(tzinfo=datetime.UTC)


def canonical(value) -> bytes:
    """The same text for the same content, whatever its keys' order and numbers' form."""
    return orjson.dumps(value, default=number, option=orjson.OPT_SORT_KEYS)
