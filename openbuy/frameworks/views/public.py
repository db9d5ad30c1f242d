"""Pages anyone can read: frameworks, their lots and dates, published clarifications."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openbuy.accounts.selectors import organisations_of
from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.scope import jurisdiction_scope

from .. import actions, guards, moves, selectors
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
    supplier_rows = [(s, applications.get(s.pk)) for s in selectors.suppliers_of(request.user)]
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "lots": framework.lots.select_related("questions"),
            "managing": managing,
            "supplier_rows": supplier_rows,
            "way_in": "" if managing else _way_in(request.user, framework, supplier_rows),
            "steps": _steps(framework, request.user),
            "closes_early": managing and guards.closes_early(framework),
            "dates": _dates(framework),
        },
    )


def _way_in(user, framework: Framework, supplier_rows) -> str:
    """How this visitor gets to apply, while applications are (or will be) open: sign up or
    in, verify their address, register their company, or apply as one of theirs."""
    if not (framework.status == Framework.Status.COMING or framework.accepting_applications):
        return ""
    if not user.is_authenticated:
        return "anonymous"
    if supplier_rows:
        return "supplier"
    if not user.email_verified:
        return "unverified"
    if any(org.is_buyer_body for org in organisations_of(user)):
        return "buyer"
    return "no-supplier"


def _steps(framework: Framework, user) -> list[tuple[moves.Step, str]]:
    """The moves from the current status, each with its page. The page shows a move's
    button only when its guard allows it, and otherwise what stops it."""
    return [
        (step, reverse("frameworks:transition", args=[framework.slug, step.name]))
        for step in moves.next_steps(framework, user)
    ]


def _day(framework: Framework, moment) -> str:
    return formats.date_format(timezone.localtime(moment, framework.zone), "j F Y")


DATE_ROWS = [
    (
        "opens_on",
        "opened_at",
        gettext_lazy("Applications open"),
        gettext_lazy("Opened for applications"),
    ),
    (
        "clarifications_close_on",
        "closed_at",
        gettext_lazy("Clarification questions close"),
        gettext_lazy("Clarification questions closed"),
    ),
    (
        "applications_close_on",
        "closed_at",
        gettext_lazy("Applications close"),
        gettext_lazy("Applications closed"),
    ),
    (
        "intention_to_award_on",
        "results_announced_at",
        gettext_lazy("Intention to award"),
        gettext_lazy("Results announced"),
    ),
    ("live_on", "went_live_at", gettext_lazy("Goes live"), gettext_lazy("Went live")),
    ("expires_on", "expired_at", gettext_lazy("Expires"), gettext_lazy("Expired")),
]


def _row(framework: Framework, date, moment, label, happened) -> tuple[str, str]:
    when = getattr(framework, moment)
    planned_day = getattr(framework, date)
    if date == "clarifications_close_on" and when and _local(framework, when) >= planned_day:
        when = None  # they closed as planned, before applications did
    planned = formats.date_format(planned_day, "j F Y")
    if when is None:
        value = planned
        if date == "applications_close_on":
            value = _("End of %(date)s (%(zone)s)") % {
                "date": value,
                "zone": framework.authority.jurisdiction.time_zone,
            }
        return str(label), value
    actual = _day(framework, when)
    if actual != planned:
        actual = _("%(actual)s (planned for %(planned)s)") % {
            "actual": actual,
            "planned": planned,
        }
    return str(happened), actual


def _local(framework: Framework, moment):
    return timezone.localtime(moment, framework.zone).date()


def _dates(framework: Framework) -> list[tuple[str, str]]:
    """The planned dates, and in their place the moments that actually happened (a
    framework can open, close or go live early, or expire early; closing applications
    early closes clarification questions too)."""
    return [_row(framework, *row) for row in DATE_ROWS]


def opened_line(framework: Framework) -> tuple[str, str] | None:
    """When applications opened (against the plan), once they have."""
    return _row(framework, *DATE_ROWS[0]) if framework.opened_at else None


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
