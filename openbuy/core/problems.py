"""RFC 9457 problem details: the body of every error the API answers, built without the
API framework so middleware and error handlers answer alike."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from orjson import dumps

PROBLEM_TYPE = "https://openbuy.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem_response(
    request, status: int, title, detail, errors=None, kind="about:blank", headers=None
) -> HttpResponse:
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
    kind = {415: "unsupported-media-type", 422: "invalid"}.get(refusal.status, "unreadable")
    return problem_response(request, refusal.status, _("Check what you sent"), refusal, kind=kind)
