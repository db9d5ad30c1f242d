import re
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
        return page_path(request.get_full_path())
    return referring_page(request) or reverse("core:home")


LEADING_SLASHES = re.compile(r"^(?:/|\\|%2f|%5c)+", re.IGNORECASE)


def page_path(path: str) -> str:
    """A path on this site made safe to link or redirect to: its leading slashes and
    backslashes (also percent-encoded) collapsed to one, since browsers read '//evil.example'
    and '/\\evil.example' as another site (a path like that comes from an address such as
    /%2F%2Fevil.example/, which Django decodes)."""
    return LEADING_SLASHES.sub("/", path)


def referring_page(request) -> str | None:
    """The path of the page the request came from, when it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return page_path(parts.path + (f"?{parts.query}" if parts.query else ""))
    return None
