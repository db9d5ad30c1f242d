"""What a refused CSRF check answers (CSRF_FAILURE_VIEW): people get a page in the site's
layout and language saying what to do; the API a problem whose detail says the same for
programs. Django's own page is in English and speaks of tokens and referers."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .context_processors import referring_page
from .problems import problem_response


def api_detail() -> str:
    return _(
        "Your session may have expired, or its CSRF token is missing: send the csrftoken "
        "cookie's value in an X-CSRFToken header, or use an API token."
    )


def csrf_failure(request, reason=""):
    if request.path_info.startswith("/api/"):
        return problem_response(request, 403, _("Forbidden"), api_detail(), kind="csrf")
    return render(
        request,
        "core/problem.html",
        {
            "title": _("Your form could not be sent"),
            "message": _("Your session may have expired. Go back, reload the page and try again."),
            "back": referring_page(request),
        },
        status=403,
    )
