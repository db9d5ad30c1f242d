"""Pages anyone can read: frameworks, their lots and dates, published clarifications."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.scope import jurisdiction_scope

from .. import actions, guards, selectors
from ..forms import ClarificationForm
from ..models import Framework
from ..permissions import manages


def framework_list(request):
    scope = jurisdiction_scope(request)
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "frameworks": selectors.frameworks(scope.jurisdiction),
            "authorities": selectors.managed_authorities(request.user),
            "scope": scope,
        },
    )


def framework_detail(request, slug):
    framework = get_object_or_404(selectors.frameworks(), slug=slug)
    managing = manages(request.user, framework)
    applications = {a.supplier_id: a for a in selectors.applications_for(framework, request.user)}
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "lots": framework.lots.select_related("questions"),
            "managing": managing,
            "supplier_rows": [
                (s, applications.get(s.pk)) for s in selectors.suppliers_of(request.user)
            ],
            "steps": _steps(framework) if managing else [],
            "dates": _dates(framework),
        },
    )


# Going live and expiry change the catalogue, so their pages are the catalogue's.
STEP_URLS = {"go-live": "catalogue:framework-step", "expire": "catalogue:framework-step"}


def _steps(framework: Framework) -> list[tuple[guards.Step, str]]:
    """The lifecycle steps from the current status, each with its page. The page shows a
    step's button only when its guard allows it, and otherwise what stops it."""
    return [
        (
            step,
            reverse(
                STEP_URLS.get(step.name, "frameworks:transition"), args=[framework.slug, step.name]
            ),
        )
        for step in guards.next_steps(framework)
    ]


def _day(framework: Framework, moment) -> str:
    return formats.date_format(timezone.localtime(moment, framework.zone), "j F Y")


def _dates(framework: Framework) -> list[tuple[str, str]]:
    """The planned dates, and in their place the moments that actually happened (a
    framework can close or go live early, or expire early)."""
    rows = [
        ("opens_on", "opened_at", _("Applications open"), _("Opened for applications")),
        ("clarifications_close_on", None, _("Clarification questions close"), None),
        ("applications_close_on", "closed_at", _("Applications close"), _("Applications closed")),
        (
            "intention_to_award_on",
            "results_announced_at",
            _("Intention to award"),
            _("Results announced"),
        ),
        ("live_on", "went_live_at", _("Goes live"), _("Went live")),
        ("expires_on", "expired_at", _("Expires"), _("Expired")),
    ]
    shown = []
    for date, moment, label, happened in rows:
        when = getattr(framework, moment) if moment else None
        planned = formats.date_format(getattr(framework, date), "j F Y")
        if when is None:
            value = planned
            if date == "applications_close_on":
                value = _("End of %(date)s (%(zone)s)") % {
                    "date": value,
                    "zone": framework.authority.jurisdiction.time_zone,
                }
            shown.append((label, value))
            continue
        actual = _day(framework, when)
        if actual != planned:
            actual = _("%(actual)s (planned for %(planned)s)") % {
                "actual": actual,
                "planned": planned,
            }
        shown.append((happened, actual))
    return shown


def clarifications(request, slug):
    framework = get_object_or_404(selectors.frameworks(), slug=slug)
    suppliers = selectors.suppliers_of(request.user)
    form = (
        ClarificationForm(request.POST or None)
        if suppliers and framework.accepting_clarifications
        else None
    )
    if form is not None:
        supplier = suppliers.filter(slug=request.POST.get("supplier")).first() or suppliers.first()
        asked = submit(
            request,
            form,
            lambda data: actions.clarification_ask(
                actor=request.user,
                framework=framework,
                supplier=supplier,
                question=data["question"],
            ),
        )
        if asked is not NOT_RUN:
            messages.success(
                request, _("Your question is sent. The answer will be published to all applicants.")
            )
            return redirect("frameworks:clarifications", slug=slug)
    return render(
        request,
        "frameworks/clarifications.html",
        {
            "framework": framework,
            "form": form,
            "suppliers": suppliers,
            "questions": selectors.clarifications_for(framework, request.user),
            "managing": manages(request.user, framework),
        },
    )
