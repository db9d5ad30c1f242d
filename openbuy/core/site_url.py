"""The address that links in e-mails start with.

OPENBUY_BASE_URL when it is set (production always has one: it defaults to the first of
ALLOWED_HOSTS). Otherwise, in development, the address of the request being answered, so
that a server on another port or host sends links that work; outside a request, the address
`openbuy serve` is serving (it tells its processes in OPENBUY_SERVED_URL); else
http://127.0.0.1:8000.
"""

import contextvars
import os

from django.conf import settings

_request = contextvars.ContextVar("openbuy_request", default=None)


def base_url() -> str:
    if settings.OPENBUY_BASE_URL:
        return settings.OPENBUY_BASE_URL.rstrip("/")
    request = _request.get()
    if request is not None:
        # get_host() checks the Host header against ALLOWED_HOSTS.
        return f"{request.scheme}://{request.get_host()}"
    return os.environ.get("OPENBUY_SERVED_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def served_url(host: str, port: str) -> str:
    """What to link to for a server bound to host:port (any-address binds mean this
    machine)."""
    if host in {"", "0.0.0.0", "::", "[::]"}:  # noqa: S104 (naming, not binding)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


class RequestOriginMiddleware:
    """Lets base_url() see the request being answered, without passing it to actions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
