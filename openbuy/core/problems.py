"""RFC 9457 problem details: the body of every error the API answers, built without the
API framework so middleware and error handlers answer alike."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from orjson import dumps

PROBLEM_TYPE = "https://openbuy.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
# The type of a problem whose answerer named none: each status the API answers has its own
# (docs/api.md lists them), so `about:blank` is left only for a status without one.
KINDS = {
    400: "unreadable",
    401: "unauthenticated",
    403: "forbidden",
    404: "notfound",
    405: "method-not-allowed",
    409: "conflict",
    410: "gone",
    413: "unreadable",
    415: "unsupported-media-type",
    422: "invalid",
    429: "throttled",
    500: "server-error",
}


def problem_response(
    request, status: int, title, detail, errors=None, kind=None, headers=None
) -> HttpResponse:
    kind = kind or KINDS.get(status, "about:blank")
    body = {
        "type": kind if kind == "about:blank" else PROBLEM_TYPE + kind,
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
        "errors": errors or {},
    }
    return HttpResponse(
        dumps(body), status=status, content_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def refusal_response(request, refusal) -> HttpResponse:
    """The problem for input refused at the edge (core.inputs.Unreadable and its kinds)."""
    kind = KINDS.get(refusal.status, "unreadable")
    where = getattr(refusal, "where", None)
    errors = {where: [str(refusal)]} if where is not None else None
    return problem_response(
        request, refusal.status, _("Check what you sent"), refusal, errors, kind=kind
    )
