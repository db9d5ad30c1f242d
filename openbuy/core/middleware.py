from http import HTTPStatus

from django.conf import settings
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .context_processors import referring_page
from .errors import ActionError
from .inputs import (
    READING_ERRORS,
    Unreadable,
    form_encoding_is_utf8,
    reading_refusal,
    text_problem,
)
from .openapi import UNSAFE
from .problems import PROBLEM_MEDIA_TYPE, problem_response, refusal_response
from .selectors import current_jurisdiction


class JurisdictionMiddleware:
    """Sets request.jurisdiction: the one the visitor chose, else their organisation's,
    else the instance default. Renders an action's error that a view let through as a
    page with the error's status and message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.jurisdiction = SimpleLazyObject(lambda: current_jurisdiction(request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ActionError) and not request.path.startswith("/api/"):
            return render(
                request,
                "core/problem.html",
                {
                    "title": exception.title,
                    "message": str(exception),
                    "link": getattr(exception, "link", None),
                    # A step refused after a form was sent: back to the form, not a dead end.
                    "back": referring_page(request) if request.method == "POST" else None,
                },
                status=exception.status,
            )
        return None


class ApiMiddleware:
    """API clients ask for their language with Accept-Language (pages carry it in the
    address), and every error the API answers is a problem: one that Django or django-ninja
    answered in HTML or plain text (an unknown address, a method not allowed, a server
    error) is turned into one, keeping its status and headers (Allow, Retry-After)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            PROBLEM_MEDIA_TYPE
        ):
            return response
        status = response.status_code
        titles = {
            404: (_("Not found"), _("There is nothing at this address")),
            405: (
                _("Method not allowed"),
                _("This address answers only %(methods)s") % {"methods": response.get("Allow")},
            ),
            500: (
                _("Sorry, there is a problem with the service"),
                _("Try again later. Nothing you sent has been saved, unless you were told so."),
            ),
        }
        phrase = HTTPStatus(status).phrase if status in HTTPStatus else _("Error")
        title, detail = titles.get(status, (phrase, phrase))
        kept = {name: response[name] for name in ("Allow", "Retry-After") if name in response}
        return problem_response(request, status, title, detail, headers=kept)


class InputMiddleware:
    """Refuses, before any view reads it, input that cannot be stored or shown (see
    core.inputs): NUL or a lone surrogate in the address, the query string or a form, and
    form bodies that cannot be read (malformed multipart, too large, too many fields).
    Pages get a GOV.UK error summary, the API a problem. JSON bodies are the API parser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refusal = self._refusal(request)
        except READING_ERRORS as error:
            refusal = reading_refusal(error)
        if refusal is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return refusal_response(request, refusal)
        back = "/" if text_problem(request.path) else request.path
        return render(
            request,
            "core/refused.html",
            {"message": str(refusal), "back": back},
            status=refusal.status,
        )

    @staticmethod
    def _refusal(request) -> Unreadable | None:
        raw = [get_bytes_from_wsgi(request.META, "QUERY_STRING", "")]
        # (the field it is about, the text): a problem names its field (none for the path).
        texts = [(None, request.path)]
        texts += _named(request.GET)
        if request.path_info.startswith("/api/"):
            if request.method in UNSAFE:
                # Read whole (JSON is), so that a session's CSRF check reading it as a form
                # leaves it to the API's parser; and refused here when too large.
                request.body  # noqa: B018
        elif request.method == "POST":
            if request.content_type == "multipart/form-data" and _fits_in_memory(request):
                request.body  # noqa: B018 (kept, to tell an empty form from an unreadable one)
            texts += _named(request.POST)
            texts += ((key, upload.name or "") for key, upload in request.FILES.items())
            if _sent_nothing_readable(request) or _truncated(request):
                raise MultiPartParserError("a multipart body with no parts, or cut short")
            if request.content_type == "application/x-www-form-urlencoded":
                raw.append(request.body)
        # Django decodes what is not UTF-8 as U+FFFD; refused here rather than stored so.
        if not all(map(form_encoding_is_utf8, raw)):
            return Unreadable(_("What you sent is not valid UTF-8 text"))
        for where, text in texts:
            message = text_problem(text)
            if message:
                return Unreadable(message, where=None if where is None else _shown(where))
        return None


def _named(data) -> list[tuple[str, str]]:
    return [(key, text) for key, values in data.lists() for text in (key, *values)]


def _shown(name: str) -> str:
    """A field's name as the problem can carry it: a bad name itself is not repeated."""
    return "" if text_problem(name) else name


def _sent_nothing_readable(request) -> bool:
    """A multipart body in which the boundary never appears parses, silently, as an empty
    form. Bodies small enough to hold in memory are kept to check for it (larger ones
    carry files, which do not parse as nothing)."""
    if request.content_type != "multipart/form-data" or request.POST or request.FILES:
        return False
    if not hasattr(request, "_body"):
        return False
    boundary = request.content_params.get("boundary", "")
    return bool(request.body) and b"--" + boundary.encode("latin-1") not in request.body


def _truncated(request) -> bool:
    """A multipart body without its closing boundary was cut short: Django reads the parts
    before the cut silently, or none, and the form came back as if nothing was sent."""
    if request.content_type != "multipart/form-data" or not hasattr(request, "_body"):
        return False
    boundary = request.content_params.get("boundary", "").encode("latin-1")
    return bool(request.body) and b"--" + boundary + b"--" not in request.body


def _fits_in_memory(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
