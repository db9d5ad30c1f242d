"""Suppliers edit and remove their live services; framework managers review, suspend and
reinstate them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openbuy.core.forms import NOT_RUN, submit
from openbuy.frameworks.permissions import manages
from openbuy.frameworks.selectors import frameworks
from openbuy.questions.forms import SectionForm

from .. import actions
from ..actions.services import require_editable, require_removable
from ..forms import SuspendForm
from ..models import Service
from ..selectors import (
    service_histories_visible_to,
    services_visible_to,
    versions_to_review,
)


def _service(request, service_id, among=services_visible_to) -> Service:
    """A service the person may see (else 404, as the service page and the API answer)."""
    return get_object_or_404(
        among(request.user).select_related(
            "current", "lot__questions", "supplier", "framework__authority__jurisdiction"
        ),
        service_id=service_id,
    )


@login_required
def edit(request, service_id, section):
    service = _service(request, service_id)
    require_editable(request.user, service)
    doc = service.lot.questions.doc
    part = doc.section(section)
    if part is None:
        raise Http404
    form = SectionForm(
        request.POST or None,
        document=doc,
        section=part,
        currency=service.framework.currency,
        existing=service.current.answers,
    )
    version = submit(
        request,
        form,
        lambda data: actions.service_edit(
            actor=request.user, service=service, section=section, submitted=form.answers
        ),
    )
    if version is not NOT_RUN:
        if version.pk == service.current_id:  # the action made no new version
            messages.info(request, _("You did not change anything"))
        else:
            messages.success(
                request,
                _("Your changes are live as version %(n)d. The framework manager will review them.")
                % {"n": version.number},
            )
        return redirect("catalogue:service", service_id=service.service_id)
    return render(
        request,
        "catalogue/edit.html",
        {
            "service": service,
            "form": form,
            "section": part,
            "lang": doc.lang(),
            "text_lang": doc.text_lang(),
        },
    )


@login_required
def remove(request, service_id):
    service = _service(request, service_id)
    require_removable(request.user, service)
    if request.method == "POST":
        actions.service_remove(actor=request.user, service=service)
        messages.success(
            request, _("%(name)s is removed from the catalogue") % {"name": service.name}
        )
        return redirect("catalogue:service", service_id=service.service_id)
    return render(request, "catalogue/remove.html", {"service": service})


@login_required
def suspend(request, service_id):
    service = _service(request, service_id)
    if not manages(request.user, service.framework):
        raise PermissionDenied
    form = SuspendForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: actions.service_suspend(
            actor=request.user, service=service, reason=data["reason"]
        ),
    )
    if done is not NOT_RUN:
        messages.success(request, _("The service is suspended"))
        return redirect("catalogue:service", service_id=service.service_id)
    return render(request, "catalogue/suspend.html", {"service": service, "form": form})


@login_required
@require_POST
def reinstate(request, service_id):
    service = actions.service_reinstate(actor=request.user, service=_service(request, service_id))
    messages.success(request, _("The service is published again"))
    return redirect("catalogue:service", service_id=service.service_id)


@login_required
@require_POST
def approve(request, service_id, number):
    service = _service(request, service_id, among=service_histories_visible_to)
    version = get_object_or_404(service.versions, number=number)
    actions.version_approve(actor=request.user, version=version)
    messages.success(request, _("Version %(n)d is approved") % {"n": version.number})
    return redirect("catalogue:reviews", slug=service.framework.slug)


@login_required
def reviews(request, slug):
    framework = get_object_or_404(frameworks(), slug=slug)
    if not manages(request.user, framework):
        raise PermissionDenied
    return render(
        request,
        "catalogue/reviews.html",
        {"framework": framework, "pending": versions_to_review(framework)},
    )
