"""API building blocks: RFC 9457 problem details for every error, and the jurisdictions
endpoints. The API itself is assembled in openbuy/api.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

from .errors import ActionError, Invalid
from .inputs import READING_ERRORS, Unreadable, load_json, reading_refusal
from .models import Jurisdiction
from .problems import problem_response, refusal_response
from .schema_messages import schema_message

# The schema of every error response, for the OpenAPI document.


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: dict[str, list[str]] = {}


def problems(*statuses: int) -> dict:
    """Error statuses an operation's action can answer, beside those derived from how it is
    called (core.openapi.derived_statuses): for its `response=` mapping."""
    return dict.fromkeys(statuses, Problem)


class UnsupportedMediaType(Unreadable):
    status = 415


class NotAnObject(Unreadable):
    status = 422


class JsonParser(Parser):
    """Bodies are JSON (415 otherwise), in UTF-8, read strictly (core.inputs.load_json)."""

    def parse_body(self, request):
        media_type = request.content_type or ""
        charset = request.content_params.get("charset", "utf-8").lower()
        if not (media_type == "application/json" or media_type.endswith("+json")) or (
            charset not in {"utf-8", "utf8"}
        ):
            raise UnsupportedMediaType(
                _("Send the body as JSON in UTF-8, with Content-Type: application/json")
            )
        try:
            body = request.body
        except READING_ERRORS as error:
            raise reading_refusal(error) from error
        data = load_json(body)
        # Every body this API takes is an object; django-ninja would read an array as one.
        if not isinstance(data, dict):
            raise NotAnObject(_("Send a JSON object as the body"))
        return data


# Pages of lists: a documented bound, so that no number reaches the database unchecked.
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class Paged(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"At most {MAX_OFFSET:,}")


def _field_name(location) -> str:
    """The input field an error is about: pydantic's location minus where it came from."""
    parts = [str(p) for p in location if p not in {"body", "query", "path", "header", "cookie"}]
    if len(parts) > 1 and parts[0] in {"payload", "data", "filters", "pagination"}:
        parts = parts[1:]
    return ".".join(parts)


def install_problem_handlers(api) -> None:
    @api.exception_handler(ActionError)
    def action_error(request, exc: ActionError):
        kind = type(exc).__name__.lower()
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        # The API's one title for input to check, whether pydantic or an action found it.
        title = _("Check what you sent") if isinstance(exc, Invalid) else exc.title
        return problem_response(
            request, exc.status, title, str(exc), exc.errors, kind, headers=headers
        )

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            errors.setdefault(_field_name(item.get("loc", ())), []).append(schema_message(item))
        first = next(iter(errors.items()), ("", [""]))
        detail = f"{first[0]}: {first[1][0]}" if first[0] else first[1][0]
        return problem_response(request, 422, _("Check what you sent"), detail, errors, "invalid")

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        detail = _(
            "Send a personal API token as 'Authorization: Bearer <token>', or a session "
            "cookie with its CSRF token."
        )
        return problem_response(request, 401, _("Sign-in needed"), detail, kind="unauthenticated")

    @api.exception_handler(Unreadable)
    def unreadable(request, exc: Unreadable):
        return refusal_response(request, exc)

    for reading_error in READING_ERRORS:
        api.add_exception_handler(
            reading_error, lambda request, exc: refusal_response(request, reading_refusal(exc))
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # django-ninja reports every failure of the body parser as one 400; the parser's
        # own refusal says what was wrong.
        if isinstance(exc.__cause__, Unreadable):
            return refusal_response(request, exc.__cause__)
        titles = {401: _("Sign-in needed"), 403: _("Forbidden"), 404: _("Not found")}
        return problem_response(
            request, exc.status_code, titles.get(exc.status_code, _("Error")), str(exc)
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        detail = _("There is nothing at this address")
        return problem_response(request, 404, _("Not found"), detail, kind="notfound")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or _("You may not do that")
        return problem_response(request, 403, _("Forbidden"), detail, kind="forbidden")


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


@router.get("/jurisdictions/{code}", response=JurisdictionOut, auth=None)
def get_jurisdiction(request, code: str):
    return get_object_or_404(Jurisdiction, code=code)
