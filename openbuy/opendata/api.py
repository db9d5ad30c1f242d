"""The open data API: OCDS release and record packages, one release, one record, and the
change feed, as stored bytes (never parsed again), with ETags and a rate of their own.
docs/open-data.md says how to follow the feed."""

import hashlib
from typing import Any, Literal

import orjson
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from openbuy.core.errors import NotFound
from openbuy.core.throttle import Rate, Window, client_address

from . import feed, packages, records
from .models import Record, Release
from .packages import keys_of, package

router = Router(tags=["open data"])

JSON = "application/json"
JSONL = "application/jsonl"
DEFAULT_LIMIT = 100


def _throttle(request) -> None:
    rate = Rate.parse(settings.OCDS_RATE)
    if rate is not None:
        Window("ocds", rate).hit(client_address(request))


def _respond(request, body: bytes, content_type: str, *, final: bool, link: str = ""):
    """A full page never changes (its releases never do): clients and proxies may keep
    it. Anything else is checked again each time, cheaply, by its ETag."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=86400" if final else "public, no-cache",
        # Open data: any site's scripts may read it.
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
    }
    if link:
        headers["Link"] = f'<{link}>; rel="next"'
    # If-None-Match compares weakly (RFC 9110): a proxy may have marked the tag W/.
    asked = [
        t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")
    ]
    if etag in asked or "*" in asked:
        return HttpResponseNotModified(headers=headers)
    return HttpResponse(body, content_type=content_type, headers=headers)


def _nothing_yet(link: str) -> HttpResponse:
    """No release (record) after the position: OCDS packages hold at least one, so the
    answer is 204, with the same position in `Link` to ask again later."""
    return HttpResponse(
        status=204,
        headers={
            "Link": f'<{link}>; rel="next"',
            "Cache-Control": "public, no-cache",
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Expose-Headers": "Link",
        },
    )


NOT_MODIFIED = {304: {"description": "Not modified since the ETag sent in If-None-Match"}}
NOTHING_YET = {
    204: {"description": "Nothing after this position yet: ask `Link: rel=next` again later"}
}


class PackageOut(Schema):
    """An OCDS 1.1 release package (release-package-schema.json)."""

    uri: str
    version: str
    publishedDate: str  # noqa: N815
    publisher: dict[str, Any]
    license: str
    publicationPolicy: str  # noqa: N815
    extensions: list[str] = Field(None, description="Exactly the extensions the releases use")
    releases: list[dict[str, Any]]
    links: dict[str, str] = Field(None, description="`next`: the page after this one")


class RecordPackageOut(Schema):
    """An OCDS 1.1 record package (record-package-schema.json)."""

    uri: str
    version: str
    publishedDate: str  # noqa: N815
    publisher: dict[str, Any]
    license: str
    publicationPolicy: str  # noqa: N815
    extensions: list[str] = Field(None)
    records: list[dict[str, Any]]
    links: dict[str, str] = Field(None)


class FeedIn(Schema):
    since: str = Field(
        "",
        max_length=200,
        description="A position from a page's `links.next`; empty for the first release",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=feed.MAX_LIMIT)
    ocid: str = Field("", max_length=100, description="Only this process's releases")
    format: Literal["json", "jsonl"] = Field(
        "json", description="`jsonl`: one release per line (JSON Lines), no package"
    )


def _next_url(request, params: FeedIn, next_position) -> str:
    query = request.GET.copy()
    query["since"] = feed.token(next_position)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.api_operation(
    ["GET", "HEAD"],
    "/ocds/releases",
    auth=None,
    response={200: PackageOut},
    summary="Release package, and the change feed",
    openapi_extra={"responses": {200: {"content": {JSONL: {}}}, **NOT_MODIFIED, **NOTHING_YET}},
)
def release_package(request, params: Query[FeedIn]):
    """Every release in the order it became visible, a page at a time: follow
    `links.next` (also in the `Link` header) until a page comes back short, then ask
    again later from the last `links.next` for what was published since. A release
    committed late is never skipped (docs/open-data.md#the-change-feed). A full page
    never changes and may be cached; `If-None-Match` gets 304 for a page unchanged."""
    _throttle(request)
    page = feed.releases_after(feed.position(params.since), params.limit, ocid=params.ocid or None)
    next_url = _next_url(request, params, page.next)
    if not page.rows:
        return _nothing_yet(next_url)
    datas = [data for data, _keys in page.rows]
    if params.format == "jsonl":
        body = b"".join(data + b"\n" for data in datas)
        return _respond(request, body, JSONL, final=page.full, link=next_url)
    body = package(
        packages.release_package,
        datas,
        extensions=keys_of(keys for _data, keys in page.rows),
        uri=request.build_absolute_uri(),
        links={"next": next_url},
        published=_latest(datas),
    )
    return _respond(request, body, JSON, final=page.full, link=next_url)


def _latest(datas: list[bytes]):
    """A page's publishedDate: its newest release's date, so the page's bytes (and its
    ETag) stay the same until it changes."""
    dates = [orjson.loads(data)["date"] for data in datas]
    return max(dates) if dates else None


def _release_row(release_id: str) -> Release:
    ocid = release_id.rsplit("-", 1)[0]
    row = Release.objects.filter(ocid=ocid, release_id=release_id).first()
    if row is None:
        raise NotFound(_("There is no release %(id)s") % {"id": release_id})
    return row


@router.api_operation(
    ["GET", "HEAD"],
    "/ocds/releases/{release_id}",
    auth=None,
    response={200: PackageOut},
    openapi_extra={"responses": NOT_MODIFIED},
)
def one_release(request, release_id: str):
    """One release, in a release package of its own. Releases never change."""
    _throttle(request)
    row = _release_row(release_id)
    data = bytes(row.data)
    body = package(
        packages.release_package,
        [data],
        extensions=keys_of([row.extensions]),
        uri=request.build_absolute_uri(),
        published=_latest([data]),
    )
    return _respond(request, body, JSON, final=True)


class RecordIn(Schema):
    releases: Literal["linked", "embedded"] = Field(
        "linked", description="`embedded`: the releases themselves rather than links"
    )
    versioned: bool = Field(False, description="Add the versioned release (each change kept)")


@router.api_operation(
    ["GET", "HEAD"],
    "/ocds/records/{ocid}",
    auth=None,
    response={200: RecordPackageOut},
    openapi_extra={"responses": NOT_MODIFIED},
)
def one_record(request, ocid: str, params: Query[RecordIn]):
    """A process's record: its releases and its compiled release, current as of its
    latest release; with `versioned=true`, its versioned release too."""
    _throttle(request)
    record = Record.objects.filter(ocid=ocid).first()
    if record is None:
        raise NotFound(_("There is no record %(ocid)s") % {"ocid": ocid})
    rows = Release.objects.filter(ocid=ocid).order_by("date")
    embedded = None
    linked = None
    if params.releases == "embedded":
        embedded = [bytes(d) for d in rows.values_list("data", flat=True)]
    else:
        linked = list(rows.values_list("release_id", "date", "tags"))
    versioned = records.versioned_release(ocid) if params.versioned else None
    body = package(
        packages.record_package,
        [records.record_bytes(record, linked, embedded=embedded, versioned=versioned)],
        extensions=keys_of([record.extensions]),
        uri=request.build_absolute_uri(),
        published=record.last_date,
    )
    return _respond(request, body, JSON, final=False)


class RecordsIn(Schema):
    after: str = Field("", max_length=200, description="From a page's `links.next`")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=feed.MAX_LIMIT)


@router.api_operation(
    ["GET", "HEAD"],
    "/ocds/records",
    auth=None,
    response={200: RecordPackageOut},
    openapi_extra={"responses": {**NOT_MODIFIED, **NOTHING_YET}},
)
def record_package(request, params: Query[RecordsIn]):
    """Every process's record by ocid, a page at a time (`links.next`), with linked
    releases and the compiled release."""
    _throttle(request)
    after = feed.ocid_after(params.after)
    found = list(Record.objects.filter(ocid__gt=after).order_by("ocid")[: params.limit])
    if not found:
        return _nothing_yet(request.build_absolute_uri())
    linked = records.linked_rows_for([r.ocid for r in found])
    links = {}
    if len(found) == params.limit:
        query = request.GET.copy()
        query["after"] = feed.ocid_token(found[-1].ocid)
        links["next"] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    body = package(
        packages.record_package,
        [records.record_bytes(r, linked[r.ocid]) for r in found],
        extensions=keys_of(r.extensions for r in found),
        uri=request.build_absolute_uri(),
        links=links or None,
        published=max((r.last_date for r in found), default=None),
    )
    return _respond(request, body, JSON, final=False, link=links.get("next", ""))
