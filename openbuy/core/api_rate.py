"""Every API request counts against its client's rate (API_RATE, per client address), so
no one client can take the API for itself; past it, 429 problem details with Retry-After."""

from django.conf import settings

from .problems import problem_response
from .throttle import Rate, Throttled, Window, client_address


class ApiRateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            try:
                Window("api", Rate.parse(settings.API_RATE)).hit(client_address(request))
            except Throttled as refused:
                return problem_response(
                    request,
                    429,
                    refused.title,
                    refused,
                    kind="throttled",
                    headers={"Retry-After": str(refused.retry_after)},
                )
        return self.get_response(request)
