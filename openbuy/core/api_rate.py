"""Every API request counts against its client's rate (API_RATE, per client address), so
no one client can take the API for itself; past it, 429 problem details with Retry-After."""

from django.conf import settings

from .api import problem
from .throttle import Rate, Throttled, Window, client_address


class ApiRateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            try:
                Window("api", Rate.parse(settings.API_RATE)).hit(client_address(request))
            except Throttled as refused:
                response = problem(request, 429, refused.title, str(refused), kind="throttled")
                response["Retry-After"] = str(refused.retry_after)
                return response
        return self.get_response(request)
