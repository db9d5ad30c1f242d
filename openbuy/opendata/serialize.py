"""Releases as bytes, written once: money as exact JSON numbers, times in UTC with a Z.

orjson writes a Decimal through `Fragment`, so 1234.50 is written as it was stored, never
through a float. Compiled releases are read back with Decimals (`loads`), so merging
keeps every amount exact too.
"""

import json
from decimal import Decimal

import orjson

from . import ocds

OPTIONS = orjson.OPT_UTC_Z


def _default(value):
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{value} is not a number OCDS can hold")
        return orjson.Fragment(str(value))
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(value) -> bytes:
    """A release model, or a dict read with `loads`, as compact JSON bytes."""
    if isinstance(value, ocds.Model):
        value = value.model_dump(mode="python", exclude_none=True)
    return orjson.dumps(value, default=_default, option=OPTIONS)


def loads(data: bytes | str) -> dict:
    """Stored JSON with its decimals kept exact (for merging and for reading amounts)."""
    return json.loads(data, parse_float=Decimal)


# The extensions openbuy's releases may use, by the key stored with each release, in the
# order an extended schema is formed (../shared/ocds/README.md).
BASE = "https://raw.githubusercontent.com/open-contracting-extensions"
EXTENSIONS = {
    "lots": f"{BASE}/ocds_lots_extension/v1.1.5/extension.json",
    "bids": f"{BASE}/ocds_bid_extension/v1.1.5/extension.json",
    "techniques": f"{BASE}/ocds_techniques_extension/master/extension.json",
    "competitive": f"{BASE}/ocds_competitive_extension/master/extension.json",
    "scale": f"{BASE}/ocds_partyDetails_scale_extension/master/extension.json",
    "enquiries": f"{BASE}/ocds_enquiry_extension/v1.1.5/extension.json",
}


def extensions_used(release: ocds.Release) -> list[str]:
    """The keys of EXTENSIONS whose fields the release has, so a package can declare
    exactly the extensions its releases use."""
    used = set()
    tender = release.tender
    if release.bids:
        used.add("bids")
        if any(s.relatedLot for s in release.bids.statistics):
            used.add("lots")
    if release.parties and any(p.details and p.details.scale for p in release.parties):
        used.add("scale")
    if tender:
        if (
            tender.lots
            or any(i.relatedLot for i in tender.items or ())
            or any(d.relatedLots for d in tender.documents or ())
        ):
            used.add("lots")
        if tender.techniques:
            used.add("techniques")
        if tender.competitive is not None:
            used.add("competitive")
        if tender.enquiries:
            used.add("enquiries")
            if any(e.relatedLot for e in tender.enquiries):
                used.add("lots")
    if any(a.relatedLots for a in release.awards or ()):
        used.add("lots")
    return [key for key in EXTENSIONS if key in used]


def extension_urls(keys) -> list[str]:
    keys = set(keys)
    return [url for key, url in EXTENSIONS.items() if key in keys]
