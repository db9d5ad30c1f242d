"""Package envelopes around stored bytes: a page, a record or a bulk file is written as a
head, the releases (or records) joined by commas, and a tail, so nothing is parsed again."""

import orjson
from django.conf import settings
from django.utils import timezone

from openbuy.core import site_url

from .serialize import OPTIONS, extension_urls

POLICY_PATH = "/open-data/"


def _publisher() -> dict:
    return {"name": settings.OPENBUY_SERVICE_NAME}


def envelope(kind: str, extension_keys, *, uri: str, links: dict | None = None, published=None):
    """(head, tail) of a release package (kind "releases") or record package ("records")
    declaring exactly `extension_keys`; published when its newest content was (now, when
    not given)."""
    meta = {
        "uri": uri,
        "version": "1.1",
        "publishedDate": published or timezone.now(),
        "publisher": _publisher(),
        "license": settings.OPENBUY_OCDS_LICENSE,
        "publicationPolicy": site_url.absolute(POLICY_PATH),
    }
    extensions = extension_urls(extension_keys)
    if extensions:
        meta["extensions"] = extensions
    if links:
        meta["links"] = links
    head = orjson.dumps(meta, option=OPTIONS)[:-1] + b',"' + kind.encode() + b'":['
    return head, b"]}"


def keys_of(extension_columns) -> set[str]:
    """The union of stored comma-separated extension keys."""
    return {key for column in extension_columns for key in column.split(",") if key}


def package(
    kind: str, items: list[bytes], extension_keys, *, uri: str, links=None, published=None
) -> bytes:
    head, tail = envelope(kind, extension_keys, uri=uri, links=links, published=published)
    return head + b",".join(items) + tail
