from urllib.parse import unquote

import orjson
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .errors import ActionError
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
                },
                status=exception.status,
            )
        return None


class ApiLanguageMiddleware:
    """Pages carry their language in the address; API clients ask with Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class NulCharacterMiddleware:
    """Text with a NUL character cannot be stored (PostgreSQL refuses it), so requests
    carrying one get a clear 400 before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("Remove the NUL character (\\0) from what you sent")
            if request.path_info.startswith("/api/"):
                body = {
                    "type": "about:blank",
                    "title": str(_("Check what you sent")),
                    "status": 400,
                    "detail": str(message),
                    "instance": request.path,
                    "errors": {},
                }
                return HttpResponse(
                    orjson.dumps(body), status=400, content_type="application/problem+json"
                )
            return render(
                request,
                "core/problem.html",
                {"title": _("Check what you entered"), "message": message},
                status=400,
            )
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in unquote(request.META.get("QUERY_STRING", "")) or "\x00" in request.path:
            return True
        if request.method not in {"POST", "PUT", "PATCH"}:
            return False
        if request.content_type == "application/json":
            return b"\x00" in request.body or b"\\u0000" in request.body
        if request.method == "POST":
            return any("\x00" in value for _key, values in request.POST.lists() for value in values)
        return False
