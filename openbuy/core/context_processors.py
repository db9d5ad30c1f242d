from django.conf import settings
from django.urls import translate_url


def site(request):
    """What every page's shell needs: service name, jurisdiction, language links."""
    path = request.get_full_path()
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
