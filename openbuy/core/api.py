"""API building blocks: RFC 9457 problem details for every error, and the jurisdictions
endpoints. The API itself is assembled in openbuy/api.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from orjson import dumps

from .errors import ActionError
from .models import Jurisdiction

PROBLEM_TYPE = "https://openbuy.dev/problems/"

# The schema of every error response, for the OpenAPI document.


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: dict[str, list[str]] = {}


def problem(request, status: int, title: str, detail: str, errors=None, kind="about:blank"):
    body = {
        "type": kind if kind == "about:blank" else PROBLEM_TYPE + kind,
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
        "errors": errors or {},
    }
    return HttpResponse(dumps(body), status=status, content_type="application/problem+json")


def _field_name(location) -> str:
    """The input field an error is about: pydantic's location minus where it came from."""
    parts = [str(p) for p in location if p not in {"body", "query", "path", "header", "cookie"}]
    if len(parts) > 1 and parts[0] in {"payload", "data", "filters"}:
        parts = parts[1:]
    return ".".join(parts)


def install_problem_handlers(api) -> None:
    @api.exception_handler(ActionError)
    def action_error(request, exc: ActionError):
        kind = type(exc).__name__.lower()
        response = problem(request, exc.status, exc.title, str(exc), exc.errors, kind)
        if retry_after := getattr(exc, "retry_after", None):
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            errors.setdefault(_field_name(item.get("loc", ())), []).append(item.get("msg", ""))
        first = next(iter(errors.items()), ("", [""]))
        detail = f"{first[0]}: {first[1][0]}" if first[0] else first[1][0]
        return problem(request, 422, _("Check what you sent"), detail, errors, "invalid")

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        detail = _(
            "Send a personal API token as 'Authorization: Bearer <token>', or a session "
            "cookie with its CSRF token."
        )
        return problem(request, 401, _("Sign-in needed"), detail, kind="unauthenticated")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        titles = {401: _("Sign-in needed"), 403: _("Forbidden"), 404: _("Not found")}
        return problem(request, exc.status_code, titles.get(exc.status_code, _("Error")), str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        detail = _("There is nothing at this address")
        return problem(request, 404, _("Not found"), detail, kind="notfound")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or _("You may not do that")
        return problem(request, 403, _("Forbidden"), detail, kind="forbidden")


PROBLEMS = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    410: Problem,
    422: Problem,
    429: Problem,
}


class SmeBand(Schema):
    band: str
    headcount_below: int
    turnover_max: str
    balance_sheet_max: str


class JurisdictionOut(Schema):
    code: str
    name: str
    currency: str
    languages: list[str]
    time_zone: str
    ocid_prefix: str
    brand_colour: str
    sme_bands: list[SmeBand]
    thresholds: dict[str, str]


router = Router(tags=["jurisdictions"])


@router.get("/jurisdictions", response=list[JurisdictionOut], auth=None)
def list_jurisdictions(request):
    """Every government on this instance, with its currency, languages and rules."""
    return Jurisdiction.objects.all()


@router.get("/jurisdictions/{code}", response={200: JurisdictionOut, **PROBLEMS}, auth=None)
def get_jurisdiction(request, code: str):
    return get_object_or_404(Jurisdiction, code=code)
