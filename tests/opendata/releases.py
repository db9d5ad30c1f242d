"""Reading what open data stored, for the tests."""

import orjson

from openbuy.opendata.models import Record, Release


def of(ocid: str) -> list[dict]:
    return [
        orjson.loads(d) for d in Release.objects.filter(ocid=ocid).values_list("data", flat=True)
    ]


def raw(ocid: str) -> list[bytes]:
    return [bytes(d) for d in Release.objects.filter(ocid=ocid).values_list("data", flat=True)]


def compiled(ocid: str) -> dict:
    return orjson.loads(Record.objects.get(ocid=ocid).compiled)
