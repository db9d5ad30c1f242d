"""Pages anyone can read: frameworks, their lots and dates, published clarifications."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.scope import jurisdiction_scope

from .. import actions, selectors
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
            "transitions": _transitions(framework) if managing else [],
        },
    )


def _transitions(framework: Framework) -> list[tuple[str, str]]:
    """The lifecycle buttons a manager sees for the current status."""
    labels = {
        Framework.Status.COMING: [("open", _("Open for applications"))],
        Framework.Status.OPEN: [("close", _("Close applications"))],
        Framework.Status.PENDING: [("announce", _("Announce results"))],
        Framework.Status.STANDSTILL: [("go-live", _("Go live"))],
        Framework.Status.LIVE: [("expire", _("Expire"))],
    }
    return labels.get(framework.status, [])


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
