"""A supplier's application: the declaration, services per lot, submission, results and the
framework agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from openbuy.accounts.permissions import admin_of, works_for
from openbuy.accounts.selectors import suppliers
from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.errors import Invalid
from openbuy.core.forms import NOT_RUN, submit
from openbuy.questions import answers as content
from openbuy.questions.forms import SectionForm, error_links

from .. import actions, hooks, selectors
from ..forms import CopyForm
from ..models import Agreement, Application, DraftService, Framework


def _supplier(request, supplier_slug):
    supplier = get_object_or_404(suppliers(), slug=supplier_slug)
    if not works_for(request.user, supplier):
        raise PermissionDenied
    return supplier


def _application(request, slug, supplier_slug) -> Application:
    """The supplier's own pages of its application: to anyone but its people the
    application is not there (404), as in the API; managers read it on their pages."""
    supplier = get_object_or_404(suppliers(), slug=supplier_slug)
    if not works_for(request.user, supplier):
        raise Http404
    return get_object_or_404(
        Application.objects.select_related(
            "framework__authority__jurisdiction", "framework__declaration", "supplier"
        ),
        framework__slug=slug,
        supplier=supplier,
    )


@login_required
@require_POST
def start(request, slug, supplier_slug):
    framework = get_object_or_404(Framework, slug=slug)
    supplier = _supplier(request, supplier_slug)
    actions.application_start(actor=request.user, framework=framework, supplier=supplier)
    return redirect("frameworks:application", slug=slug, supplier_slug=supplier.slug)


@login_required
def dashboard(request, slug, supplier_slug):
    application = _application(request, slug, supplier_slug)
    framework = application.framework
    currency = framework.currency
    declaration = framework.declaration.doc
    drafts = list(application.services.select_related("lot__questions"))
    lots = [
        {
            "lot": lot,
            "drafts": [d for d in drafts if d.lot_id == lot.pk],
            "full": lot.one_service_limit and any(d.lot_id == lot.pk for d in drafts),
        }
        for lot in framework.lots.select_related("questions")
    ]
    earlier = (
        framework.previous
        and Application.objects.filter(
            framework=framework.previous, supplier=application.supplier
        ).first()
    )
    return render(
        request,
        "frameworks/apply/dashboard.html",
        {
            "application": application,
            "framework": framework,
            "lots": lots,
            "sections": [
                (
                    s,
                    content.section_status(
                        declaration, s, application.declaration, currency=currency
                    ),
                )
                for s in declaration.sections
            ],
            "problems": actions.application_problems(application),
            "results_shown": selectors.results_shown_to(request.user, framework),
            "declaration_lang": declaration.text_lang(),
            "can_reuse": bool(earlier and earlier.declaration) and not application.declaration,
            "is_admin": admin_of(request.user, application.supplier),
            "agreement": Agreement.objects.filter(application=application).first(),
            "editable": actions.editing_refusal(application) is None,
        },
    )


@login_required
def declaration_section(request, slug, supplier_slug, section):
    application = _application(request, slug, supplier_slug)
    return _section_page(
        request,
        application,
        document=application.framework.declaration.doc,
        section=section,
        existing=application.declaration,
        save=lambda answers: actions.declaration_save(
            actor=request.user, application=application, section=section, submitted=answers
        ),
        urls=("frameworks:declaration-section", "frameworks:application", slug, supplier_slug),
        caption=_("Declaration"),
    )


def _section_page(request, application, *, document, section, existing, save, urls, caption):
    """A section of the declaration or of a service: its form, saved by `save`, then on to
    the next section (urls: the section's and the summary's names, then their arguments;
    the summary is also where the back link goes)."""
    part = document.section(section)
    if part is None:
        raise Http404
    form = SectionForm(
        request.POST or None,
        document=document,
        section=part,
        currency=application.framework.currency,
        existing=existing,
    )
    saved = submit(request, form, lambda data: save(form.answers))
    if saved is not NOT_RUN:
        return redirect(_next_section(document, section, *urls))
    return render(
        request,
        "frameworks/apply/section.html",
        {
            "application": application,
            "form": form,
            "section": part,
            "caption": caption,
            "back": reverse(urls[1], args=urls[2:]),
            "lang": document.text_lang(),
        },
    )


def _next_section(document, section, section_url, done_url, *args):
    """After saving a section: the next one, or the summary after the last."""
    slugs = [s.slug for s in document.sections]
    position = slugs.index(section)
    if position + 1 < len(slugs):
        return reverse(section_url, args=[*args, slugs[position + 1]])
    return reverse(done_url, args=list(args))


@login_required
@require_POST
def declaration_reuse(request, slug, supplier_slug):
    application = _application(request, slug, supplier_slug)
    actions.declaration_reuse(actor=request.user, application=application)
    messages.success(
        request,
        _(
            "Your answers to the previous iteration are copied in. Check "
            "each section before you submit."
        ),
    )
    return redirect("frameworks:application", slug=slug, supplier_slug=supplier_slug)


@login_required
@require_POST
def service_new(request, slug, supplier_slug, lot):
    application = _application(request, slug, supplier_slug)
    lot = get_object_or_404(application.framework.lots, slug=lot)
    draft = actions.draft_create(actor=request.user, application=application, lot=lot)
    first = lot.questions.doc.sections[0].slug
    return redirect(
        "frameworks:service-section",
        slug=slug,
        supplier_slug=supplier_slug,
        pk=draft.pk,
        section=first,
    )


def _draft(application, pk) -> DraftService:
    return get_object_or_404(application.services.select_related("lot__questions"), pk=pk)


@login_required
def service_summary(request, slug, supplier_slug, pk):
    application = _application(request, slug, supplier_slug)
    return _service_summary(request, application, _draft(application, pk))


def _service_summary(request, application, draft, error_links=()):
    document = draft.lot.questions.doc
    currency = application.framework.currency
    return render(
        request,
        "frameworks/apply/service.html",
        {
            "application": application,
            "draft": draft,
            "summary": content.summary(document, draft.answers, currency=currency),
            "statuses": {
                s.slug: content.section_status(document, s, draft.answers, currency=currency)
                for s in document.sections
            },
            "editable": actions.editing_refusal(application) is None,
            "error_links": error_links,
        },
    )


@login_required
def service_section(request, slug, supplier_slug, pk, section):
    application = _application(request, slug, supplier_slug)
    draft = _draft(application, pk)
    return _section_page(
        request,
        application,
        document=draft.lot.questions.doc,
        section=section,
        existing=draft.answers,
        save=lambda answers: actions.draft_save(
            actor=request.user, draft=draft, section=section, submitted=answers
        ),
        urls=("frameworks:service-section", "frameworks:service", slug, supplier_slug, pk),
        caption=draft.lot.name,
    )


@login_required
@require_POST
def service_complete(request, slug, supplier_slug, pk):
    application = _application(request, slug, supplier_slug)
    draft = _draft(application, pk)
    try:
        actions.draft_complete(actor=request.user, draft=draft)
    except Invalid as error:
        links = error_links(
            draft.lot.questions.doc,
            draft.answers,
            error.errors,
            lambda section: reverse(
                "frameworks:service-section", args=[slug, supplier_slug, pk, section]
            ),
        )
        return _service_summary(request, application, draft, links)
    messages.success(request, _("The service is complete"))
    return redirect("frameworks:application", slug=slug, supplier_slug=supplier_slug)


@login_required
def service_delete(request, slug, supplier_slug, pk):
    application = _application(request, slug, supplier_slug)
    draft = _draft(application, pk)

    def describe() -> Confirmation:
        refusal = actions.editing_refusal(application)
        answers = len(draft.answers)
        return Confirmation(
            caption=draft.lot.name,
            title=_("Delete %(name)s?") % {"name": draft.name or _("Untitled service")},
            yes=_("Yes, delete this draft"),
            back=reverse("frameworks:service", args=[slug, supplier_slug, pk]),
            consequences=[
                ngettext(
                    "The draft service and its %(n)d answer will be deleted.",
                    "The draft service and its %(n)d answers will be deleted.",
                    answers,
                )
                % {"n": answers}
                if answers
                else _("The draft service will be deleted. It has no answers yet.")
            ],
            warning=_("You cannot undo this."),
            destructive=True,
            refused=[refusal] if refusal else [],
        )

    def run():
        actions.draft_delete(actor=request.user, draft=draft)
        messages.success(request, _("The draft service is deleted"))
        return redirect("frameworks:application", slug=slug, supplier_slug=supplier_slug)

    return confirm(request, describe, run)


@login_required
def services_copy(request, slug, supplier_slug):
    """Copy live services from the previous iteration, or this application's own drafts."""
    application = _application(request, slug, supplier_slug)
    sources = _copy_sources(application)
    # Bound on every POST: with no box ticked the body may be empty, and still a choice.
    form = CopyForm(request.POST if request.method == "POST" else None, sources=sources)
    created = submit(
        request,
        form,
        lambda data: actions.drafts_copy(
            actor=request.user,
            application=application,
            sources=[sources[key][1:] for key in data["source"]],
        ),
    )
    if created is not NOT_RUN:
        messages.success(
            request,
            ngettext(
                "%(n)d service copied as a draft. Check it and mark it complete.",
                "%(n)d services copied as drafts. Check them and mark them complete.",
                len(created),
            )
            % {"n": len(created)},
        )
        return redirect("frameworks:application", slug=slug, supplier_slug=supplier_slug)
    return render(
        request,
        "frameworks/apply/copy.html",
        {"application": application, "sources": sources, "form": form},
    )


def _copy_sources(application) -> dict:
    """key -> (name, lot slug, answers, label): what the previous iteration left (the
    catalogue's live services, through hooks.copy_sources), then this application's own
    drafts."""
    sources = {}
    previous = application.framework.previous
    if previous:
        asked = hooks.PreviousIteration(framework=previous, supplier=application.supplier)
        for source in hooks.copy_sources.ask(asked):
            sources[source.key] = (source.name, source.lot, source.answers, source.label)
    for draft in application.services.select_related("lot__questions"):
        sources[f"draft-{draft.pk}"] = (
            f"{draft.name or draft.pk} ({draft.lot.name})",
            draft.lot.slug,
            draft.answers,
            f"draft:{draft.pk}",
        )
    return sources
