from django.shortcuts import render
from django.utils import translation
from django.utils.functional import SimpleLazyObject

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
                {"title": exception.title, "message": str(exception)},
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
