"""Framework managers' pages: set up, lifecycle, applications and results, agreements,
clarification answers, question sets."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.errors import Invalid
from openbuy.core.exports import download
from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.params import id_or_none
from openbuy.questions import answers as content
from openbuy.questions import selectors as questions

from .. import actions, selectors
from ..forms import (
    AnswerForm,
    FrameworkForm,
    LotForm,
    QuestionSetForm,
    ResultForm,
    ResultsUploadForm,
)
from ..models import Agreement, Application, DraftService, Framework, Result
from ..permissions import manages
from .public import opened_line


def _managed(request, slug) -> Framework:
    framework = get_object_or_404(selectors.frameworks(), slug=slug)
    if not manages(request.user, framework):
        raise PermissionDenied
    return framework


def _authority(request):
    authorities = selectors.managed_authorities(request.user)
    chosen = request.GET.get("authority") or request.POST.get("authority")
    authority = authorities.filter(slug=chosen).first() if chosen else authorities.first()
    if authority is None:
        raise PermissionDenied
    return authority, authorities


@login_required
def framework_new(request):
    authority, authorities = _authority(request)
    form = FrameworkForm(request.POST or None, authority=authority)
    framework = submit(
        request,
        form,
        lambda data: actions.framework_create(actor=request.user, authority=authority, **data),
    )
    if framework is not NOT_RUN:
        messages.success(
            request, _("%(name)s is created. Add its lots next.") % {"name": framework}
        )
        return redirect("frameworks:detail", slug=framework.slug)
    return render(
        request,
        "frameworks/framework_form.html",
        {"form": form, "authority": authority, "authorities": authorities},
    )


@login_required
def framework_edit(request, slug):
    framework = _managed(request, slug)
    initial = {name: getattr(framework, name) for name in actions.setup.FRAMEWORK_FIELDS}
    initial |= {"declaration": framework.declaration_id, "previous": framework.previous_id}
    form = FrameworkForm(
        request.POST or None, authority=framework.authority, editing=True, initial=initial
    )
    if framework.status != Framework.Status.COMING:
        # Once open, the questions are fixed and when it opened is history (shown above
        # the form instead); the later dates follow the actual opening.
        del form.fields["declaration"], form.fields["opens_on"]
    if request.method == "POST" and form.is_valid() and not form.changed_data:
        messages.info(request, _("You did not change anything"))
        return redirect("frameworks:detail", slug=framework.slug)
    result = submit(
        request,
        form,
        lambda data: actions.framework_update(
            actor=request.user,
            framework=framework,
            **{name: data[name] for name in form.changed_data},
        ),
    )
    if result is not NOT_RUN:
        messages.success(request, _("Your changes are saved"))
        return redirect("frameworks:detail", slug=framework.slug)
    return render(
        request,
        "frameworks/framework_form.html",
        {"form": form, "framework": framework, "opened": opened_line(framework)},
    )


@login_required
def lot_new(request, slug):
    framework = _managed(request, slug)
    form = LotForm(request.POST or None, authority=framework.authority)
    lot = submit(
        request, form, lambda data: actions.lot_add(actor=request.user, framework=framework, **data)
    )
    if lot is not NOT_RUN:
        messages.success(request, _("Lot %(name)s added") % {"name": lot.name})
        return redirect("frameworks:detail", slug=framework.slug)
    return render(request, "frameworks/lot_form.html", {"form": form, "framework": framework})


@login_required
def applications(request, slug):
    framework = _managed(request, slug)
    listing = selectors.applications_for(framework, request.user).order_by("supplier__name")
    upload = ResultsUploadForm(request.POST or None, request.FILES or None)
    rows = submit(
        request,
        upload,
        lambda data: actions.results_import(
            actor=request.user, framework=framework, text=data["file"]
        ),
    )
    if rows is not NOT_RUN:
        messages.success(request, _("%(rows)d results recorded") % {"rows": rows})
        return redirect("frameworks:applications", slug=slug)
    file_format = request.GET.get("format")
    if file_format in {"csv", "ods"}:
        return _export(framework, listing, file_format)
    return render(
        request,
        "frameworks/applications.html",
        {"framework": framework, "applications": listing, "form": upload},
    )


def _export(framework, listing, file_format):
    """One row per complete service with its supplier's declaration answers, for evaluators."""
    declaration = framework.declaration.doc if framework.declaration else None
    header = [
        _("Application"),
        _("Supplier"),
        _("Status"),
        _("Declaration result"),
        *(content.export_header(declaration) if declaration else []),
        _("Service"),
        _("Lot"),
        _("Service result"),
    ]
    rows = []
    # The complete services of every application in one query, not one per application.
    complete = DraftService.objects.filter(status=DraftService.Status.COMPLETE)
    listing = listing.prefetch_related(
        Prefetch("services", complete.select_related("lot"), to_attr="complete_drafts")
    )
    for application in listing:
        base = [
            application.pk,
            application.supplier.name,
            application.get_status_display(),
            application.declaration_result,
            *(
                content.export_row(
                    declaration, application.declaration, currency=framework.currency
                )
                if declaration
                else []
            ),
        ]
        rows.extend([*base, d.pk, d.lot.name, d.result] for d in application.complete_drafts)
        if not application.complete_drafts:
            rows.append([*base, "", "", ""])
    return download(f"{framework.slug}-applications", file_format, header, rows)


@login_required
def application_detail(request, slug, pk):
    framework = _managed(request, slug)
    application = get_object_or_404(
        Application.objects.select_related("supplier"), framework=framework, pk=pk
    )
    drafts = list(
        application.services.filter(status=DraftService.Status.COMPLETE).select_related(
            "lot__questions"
        )
    )
    initial = {
        "declaration": application.declaration_result,
        "declaration_reason": application.declaration_reason,
    }
    initial |= {f"service_{d.pk}": d.result for d in drafts}
    initial |= {f"reason_{d.pk}": d.result_reason for d in drafts}
    form = ResultForm(request.POST or None, drafts=drafts, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and not form.changed_data
        and any(form.results())
    ):
        messages.info(request, _("You did not change any result"))
        return redirect("frameworks:applications", slug=slug)
    result = submit(request, form, lambda data: _record_results(request, application, form))
    if result is not NOT_RUN:
        messages.success(request, _("Results saved"))
        return redirect("frameworks:applications", slug=slug)
    currency = framework.currency
    return render(
        request,
        "frameworks/application_detail.html",
        {
            "framework": framework,
            "application": application,
            "form": form,
            "declaration": content.summary(
                framework.declaration.doc, application.declaration, currency=currency
            ),
            "services": [
                (d, content.summary(d.lot.questions.doc, d.answers, currency=currency))
                for d in drafts
            ],
        },
    )


def _record_results(request, application, form: ResultForm):
    """The action names its fields declaration.reason, services.ID.reason and so on; the
    form calls them declaration_reason, reason_ID."""
    declaration, services = form.results()
    try:
        return actions.result_record(
            actor=request.user, application=application, declaration=declaration, services=services
        )
    except Invalid as error:
        error.errors = {form.field_for(name): found for name, found in error.errors.items()}
        raise


@login_required
def agreements(request, slug):
    framework = _managed(request, slug)
    listing = Agreement.objects.filter(application__framework=framework).select_related(
        "application__supplier", "signed_by"
    )
    return render(
        request, "frameworks/agreements.html", {"framework": framework, "agreements": listing}
    )


@login_required
def agreement_countersign(request, slug, pk):
    """Countersigning binds the authority: a page says so, and to whom, before it happens."""
    framework = _managed(request, slug)
    agreement = get_object_or_404(
        Agreement.objects.select_related("application__supplier", "application__framework"),
        pk=pk,
        application__framework=framework,
    )
    supplier = agreement.application.supplier
    back = reverse("frameworks:agreements", args=[slug])

    def describe() -> Confirmation:
        services = agreement.application.services.filter(result=Result.PASS).count()
        refusal = actions.countersigning_refusal(agreement)
        return Confirmation(
            caption=framework.name,
            title=_("Countersign the framework agreement with %(supplier)s?")
            % {"supplier": supplier.name},
            yes=_("Yes, countersign"),
            back=back,
            consequences=[
                _("%(name)s, %(role)s, signed it for %(supplier)s on %(date)s.")
                % {
                    "name": agreement.signer_name,
                    "role": agreement.signer_role,
                    "supplier": supplier.name,
                    "date": formats.date_format(agreement.signed_at, "j F Y"),
                },
                ngettext(
                    "The agreement binds %(authority)s and %(supplier)s: its %(n)d service "
                    "goes live with %(framework)s.",
                    "The agreement binds %(authority)s and %(supplier)s: its %(n)d services "
                    "go live with %(framework)s.",
                    services,
                )
                % {
                    "authority": framework.authority.name,
                    "supplier": supplier.name,
                    "n": services,
                    "framework": framework.name,
                },
                _("%(supplier)s will be told by email.") % {"supplier": supplier.name},
            ],
            warning=_("You cannot undo this."),
            refused=[refusal] if refusal else [],
        )

    def run():
        actions.agreement_countersign(actor=request.user, agreement=agreement)
        messages.success(
            request, _("Agreement with %(supplier)s countersigned") % {"supplier": supplier}
        )
        return redirect(back)

    return confirm(request, describe, run)


@login_required
def clarification_answer(request, slug, pk):
    framework = _managed(request, slug)
    clarification = get_object_or_404(framework.clarifications, pk=pk)
    form = AnswerForm(request.POST or None)
    result = submit(
        request,
        form,
        lambda data: actions.clarification_publish(
            actor=request.user, clarification=clarification, answer=data["answer"]
        ),
    )
    if result is not NOT_RUN:
        messages.success(request, _("The answer is published to every applicant"))
        return redirect("frameworks:clarifications", slug=slug)
    return render(
        request,
        "frameworks/clarification_answer.html",
        {"framework": framework, "clarification": clarification, "form": form},
    )


@login_required
def question_sets(request):
    authorities = selectors.managed_authorities(request.user)
    if not authorities.exists():
        raise PermissionDenied
    listing = questions.question_sets_of(authorities).select_related("authority")
    return render(request, "frameworks/question_sets.html", {"question_sets": listing})


@login_required
def question_set_new(request):
    """A new question set, or a new version of one (?from=ID starts from that version, in
    its own authority)."""
    based_on = (
        questions.question_sets_of(selectors.managed_authorities(request.user))
        .filter(pk=id_or_none(request.GET.get("from")))
        .select_related("authority")
        .first()
    )
    authority, authorities = _authority(request)
    initial = {}
    if based_on:
        authority = based_on.authority
        initial = {"slug": based_on.slug, "document": json.dumps(based_on.document, indent=2)}
    form = QuestionSetForm(request.POST or None, request.FILES or None, initial=initial)
    created = submit(
        request,
        form,
        lambda data: actions.question_set_create(
            actor=request.user, authority=authority, slug=data["slug"], document=data["document"]
        ),
    )
    if created is not NOT_RUN:
        if not created.added:  # the newest version, sent again
            messages.info(request, _("You did not change anything"))
        else:
            messages.success(
                request,
                _("Version %(version)d of %(slug)s is saved")
                % {"version": created.version, "slug": created.slug},
            )
        return redirect("frameworks:question-set", pk=created.pk)
    return render(
        request,
        "frameworks/question_set_form.html",
        {"form": form, "authority": authority, "authorities": authorities},
    )


@login_required
def question_set_detail(request, pk):
    question_set = get_object_or_404(
        questions.question_sets_of(selectors.managed_authorities(request.user)), pk=pk
    )
    return render(
        request,
        "frameworks/question_set.html",
        {"question_set": question_set, "doc": question_set.doc},
    )
