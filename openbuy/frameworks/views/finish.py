"""The end of an application: submitting it (after checking the answers and declaring them
correct) and, for a supplier that passed, the framework agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.permissions import admin_of
from openbuy.accounts.selectors import admins_of
from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.forms import NOT_RUN, submit
from openbuy.questions import answers as content

from .. import actions, selectors
from ..forms import AgreementForm
from ..models import Agreement, DraftService, Result
from .apply import _application


def _admins(supplier) -> str:
    """Who may submit and sign for the supplier, by name."""
    people = admins_of(supplier)
    return ", ".join(sorted(m.user.name for m in people))


@login_required
def submit_application(request, slug, supplier_slug):
    """GET: check your answers, what submitting does, and the declaration made by saying
    yes. POST: submit (or, with "change", take a submitted application back)."""
    application = _application(request, slug, supplier_slug)
    dashboard = reverse("frameworks:application", args=[slug, supplier_slug])
    if request.method == "POST" and request.POST.get("change"):
        actions.application_reopen(actor=request.user, application=application)
        messages.success(
            request,
            _("You can change your application. Submit it again before applications close."),
        )
        return redirect(dashboard)

    def run():
        actions.application_submit(actor=request.user, application=application)
        messages.success(request, _("Your application is submitted"))
        return redirect(dashboard)

    return confirm(request, lambda: _check_your_answers(request, application, dashboard), run)


def _check_your_answers(request, application, dashboard) -> Confirmation:
    framework, supplier = application.framework, application.supplier
    drafts = list(application.services.select_related("lot__questions"))
    complete = [d for d in drafts if d.status == DraftService.Status.COMPLETE]
    unfinished = [d for d in drafts if d.status != DraftService.Status.COMPLETE]
    refusal = actions.editing_refusal(application)
    if refusal is None and not admin_of(request.user, supplier):
        refusal = _("Only the supplier's admins can submit its application: %(names)s") % {
            "names": _admins(supplier)
        }
    refused = [refusal] if refusal else actions.application_problems(application)
    date = formats.date_format(framework.applications_close_on, "j F Y")
    consequences = [
        ngettext(
            "Your declaration and %(n)d service will be submitted.",
            "Your declaration and %(n)d services will be submitted.",
            len(complete),
        )
        % {"n": len(complete)}
    ]
    if unfinished:
        consequences.append(
            ngettext(
                "%(n)d service in progress will not be submitted: %(names)s.",
                "%(n)d services in progress will not be submitted: %(names)s.",
                len(unfinished),
            )
            % {
                "n": len(unfinished),
                "names": ", ".join(d.name or _("Untitled service") for d in unfinished),
            }
        )
    consequences.append(
        _(
            "You can change your application until applications close at the end of "
            "%(date)s. You cannot change it after that."
        )
        % {"date": date}
    )
    declaration = framework.declaration.doc
    return Confirmation(
        caption=supplier.name,
        title=_("Check your application to %(name)s") % {"name": framework.name},
        yes=_("Accept and submit"),
        back=dashboard,
        consequences=consequences,
        refused=refused,
        fix=(_("Go to your application"), dashboard),
        details_template="frameworks/apply/_check.html",
        details={
            "summary": content.summary(
                declaration, application.declaration, currency=framework.currency
            ),
            # The summary adds each section's slug to this address.
            "change_url": reverse(
                "frameworks:declaration-section",
                args=[framework.slug, supplier.slug, "-"],
            ).removesuffix("-/")
            if actions.editing_refusal(application) is None
            else "",
            "services": drafts,
            "application": application,
        },
        statement=_(
            "By submitting this application you confirm that, to the best of your "
            "knowledge, the answers are correct and complete, and that %(supplier)s will "
            "sign the framework agreement of %(framework)s if its application passes."
        )
        % {"supplier": supplier.name, "framework": framework.name},
    )


@login_required
def agreement(request, slug, supplier_slug):
    """What the agreement covers and where it stands; the signing form only for someone
    who may sign it now (a supplier admin, during standstill, once passed)."""
    application = _application(request, slug, supplier_slug)
    signed = (
        Agreement.objects.filter(application=application)
        .select_related("signed_by", "countersigned_by")
        .first()
    )
    refusal = actions.signing_refusal(request.user, application)
    form = AgreementForm(request.POST or None) if refusal is None else None
    if form is not None:
        done = submit(
            request,
            form,
            lambda data: actions.agreement_sign(
                actor=request.user, application=application, **data
            ),
        )
        if done is not NOT_RUN:
            messages.success(
                request,
                _("You have signed the framework agreement. The authority will countersign it."),
            )
            return redirect("frameworks:agreement", slug=slug, supplier_slug=supplier_slug)
    results_shown = selectors.results_shown_to(request.user, application.framework)
    passed = application.services.filter(
        status=DraftService.Status.COMPLETE, result=Result.PASS
    ).select_related("lot")
    return render(
        request,
        "frameworks/apply/agreement.html",
        {
            "application": application,
            "framework": application.framework,
            "agreement": signed,
            "form": form,
            "refusal": "" if signed else str(refusal or ""),
            "admins": _admins(application.supplier),
            "is_admin": admin_of(request.user, application.supplier),
            # What was awarded is a result: not shown before the results are announced.
            "results_shown": results_shown,
            "passed": results_shown
            and application.declaration_result == Result.PASS
            and list(passed),
        },
    )
