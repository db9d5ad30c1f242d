from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme


def site(request):
    """What every page's shell needs: service name, jurisdiction, language links."""
    path = _page_address(request)
    languages = [
        {
            "code": code,
            "name": settings.LANGUAGE_NAMES_NATIVE[code],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "service_name": settings.OPENBUY_SERVICE_NAME,
        "jurisdiction": getattr(request, "jurisdiction", None),
        "language_links": languages,
        "phase": settings.OPENBUY_PHASE,
    }


def _page_address(request) -> str:
    """The address the language links open in the other language: this page's. A page
    shown in answer to a POST may have an address that takes only POST, so its links go to
    the page the form was on, else to the home page."""
    if request.method in {"GET", "HEAD"}:
        return request.get_full_path()
    return referring_page(request) or reverse("core:home")


def referring_page(request) -> str | None:
    """The path of the page the request came from, when it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None
