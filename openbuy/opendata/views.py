"""The open data pages: the publication policy and licence."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from openbuy.core.selectors import jurisdictions
from openbuy.core.throttle import Rate

from .schema import repository
from .serialize import EXTENSIONS


def _rate(rate: Rate | None) -> str:
    """The open data endpoints' rate as people say it: "120 requests a minute"."""
    if rate is None:
        return ""
    texts = {
        1: ngettext("%(n)d request a second", "%(n)d requests a second", rate.limit),
        60: ngettext("%(n)d request a minute", "%(n)d requests a minute", rate.limit),
        3600: ngettext("%(n)d request an hour", "%(n)d requests an hour", rate.limit),
        86400: ngettext("%(n)d request a day", "%(n)d requests a day", rate.limit),
    }
    return texts[rate.period] % {"n": rate.limit}


@require_safe
def policy(request):
    return render(
        request,
        "opendata/policy.html",
        {
            "license_url": settings.OPENBUY_OCDS_LICENSE,
            "license_name": settings.OPENBUY_OCDS_LICENSE_NAME,
            "jurisdictions": jurisdictions(),
            "extensions": [(repository(url), url) for url in EXTENSIONS.values()],
            "rate": _rate(Rate.parse(settings.OCDS_RATE)),
        },
    )
