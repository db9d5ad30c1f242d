from django.shortcuts import render
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
