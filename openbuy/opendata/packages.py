"""Package envelopes as bytes around releases or records written as they are stored, so
a package of any size is streamed: head + b",".join(items) + tail.

The head holds every field of the package but its array, which comes last; its
`extensions` are exactly those the contained releases use, in the order EXTENSIONS forms
the extended schema (none: the field is left out).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from openbuy.core.site_url import absolute

from .serialize import dumps, extension_urls

VERSION = "1.1"
POLICY_PATH = "/open-data/"


def _envelope(
    array: str,
    extensions: Iterable[str],
    uri: str,
    published: datetime.datetime | str | None,
    links: dict | None = None,
) -> tuple[bytes, bytes]:
    if published is None:
        published = timezone.now()
    if isinstance(published, datetime.datetime):
        published = published.replace(microsecond=0)
    fields = {
        "uri": uri,
        "version": VERSION,
        "publishedDate": published,
        "publisher": {"name": settings.OPENBUY_SERVICE_NAME},
        "license": settings.OPENBUY_OCDS_LICENSE,
        "publicationPolicy": absolute(POLICY_PATH),
    }
    urls = extension_urls(extensions)
    if urls:
        fields["extensions"] = urls
    if links:
        fields["links"] = links
    head = dumps(fields)
    return head[:-1] + b',"' + array.encode() + b'":[', b"]}"


def release_package(
    extensions: Iterable[str], *, uri: str, published=None, links: dict | None = None
) -> tuple[bytes, bytes]:
    """The head and tail of a release package. `extensions`: keys of EXTENSIONS, in any
    order, repeated or not (unknown keys and "" are ignored), as many columns hold them.
    `published`: when its newest content was (a datetime or an OCDS date), else now."""
    return _envelope("releases", extensions, uri, published, links)


def record_package(
    extensions: Iterable[str], *, uri: str, published=None, links: dict | None = None
) -> tuple[bytes, bytes]:
    """The head and tail of a record package; the arguments as for release_package."""
    return _envelope("records", extensions, uri, published, links)


def keys_of(extension_columns: Iterable[str]) -> set[str]:
    """The union of stored comma-separated extension keys."""
    return {key for column in extension_columns for key in column.split(",") if key}


def package(envelope, items: list[bytes], **fields) -> bytes:
    """A whole package of a page's items: `envelope` is release_package or record_package."""
    head, tail = envelope(**fields)
    return head + b",".join(items) + tail
