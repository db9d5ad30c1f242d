"""The open data pages: the publication policy and licence."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from openbuy.core.selectors import jurisdictions

from .schema import repository
from .serialize import EXTENSIONS


@require_safe
def policy(request):
    return render(
        request,
        "opendata/policy.html",
        {
            "license_url": settings.OPENBUY_OCDS_LICENSE,
            "jurisdictions": jurisdictions(),
            "extensions": [(repository(url), url) for url in EXTENSIONS.values()],
            "rate": settings.OCDS_RATE,
        },
    )
