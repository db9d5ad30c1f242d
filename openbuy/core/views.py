import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST

from .context_processors import page_path
from .models import Jurisdiction, OutboxMessage
from .pagination import page_of
from .permissions import is_platform_admin
from .problems import problem_response
from .selectors import SESSION_KEY


def home(request):
    return render(request, "core/home.html")


def cookies(request):
    return render(
        request,
        "core/cookies.html",
        {
            "session_days": settings.SESSION_COOKIE_AGE // 3600,
        },
    )


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def jurisdictions(request):
    return render(
        request,
        "core/jurisdictions.html",
        {
            "jurisdictions": Jurisdiction.objects.all(),
        },
    )


@require_POST
def jurisdiction_choose(request):
    """Remember which government's pages the visitor wants (a session preference)."""
    chosen = get_object_or_404(Jurisdiction, code=request.POST.get("code", ""))
    request.session[SESSION_KEY] = chosen.code
    messages.success(request, _("You are now viewing %(name)s.") % {"name": chosen.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "core:jurisdictions"
    return redirect(page_path(target))


def platform_admin_required(view):
    """Sign in first; then only platform admins get past (others see the 403 page)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_platform_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@platform_admin_required
def platform(request):
    return render(request, "core/platform.html")


@platform_admin_required
def outbox(request):
    page = page_of(request, OutboxMessage.objects.all())
    return render(request, "core/outbox_list.html", {"page": page})


@platform_admin_required
def outbox_message(request, pk: int):
    message = get_object_or_404(OutboxMessage, pk=pk)
    return render(request, "core/outbox_detail.html", {"message": message})


def admin_login(request):
    return redirect_to_login(request.GET.get("next") or "/django-admin/")


def brand_css(request, colour: str):
    """A jurisdiction's brand colour as a style sheet: its address names the colour, so it
    never changes and browsers keep it."""
    response = HttpResponse(
        f":root{{--govuk-brand-colour:#{colour};}}", content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def error_400(request, exception=None):
    """A request Django refused before any view (a host not served, a malformed header): a
    problem on API addresses, Django's short page elsewhere (the site's layout would read
    the host it refused)."""
    if request.path_info.startswith("/api/"):
        detail = _("This request cannot be answered: check its address and headers")
        return problem_response(request, 400, _("Bad request"), detail, kind="bad-request")
    return defaults.bad_request(request, exception)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No request context: the failure may be in what context processors read.
    html = loader.get_template("500.html").render({"service_name": settings.OPENBUY_SERVICE_NAME})
    return HttpResponseServerError(html)
