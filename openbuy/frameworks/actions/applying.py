"""Suppliers apply: the declaration, draft services per lot, submission."""

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from openbuy.accounts.models import Organisation
from openbuy.accounts.notify import notify
from openbuy.accounts.permissions import admin_of, works_for
from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound
from openbuy.questions import answers as content

from ..models import Application, DraftService, Framework, Lot
from ..verbs import Verb


def _closed(framework: Framework) -> str | None:
    if framework.status == Framework.Status.COMING:
        return _("%(name)s is not open for applications yet") % {"name": framework.name}
    if not framework.accepting_applications:
        return _("Applications to %(name)s closed at the end of %(date)s") % {
            "name": framework.name,
            "date": formats.date_format(framework.applications_close_on, "j F Y"),
        }
    return None


def _require_open(framework: Framework) -> None:
    refusal = _closed(framework)
    if refusal:
        raise Conflict(refusal)


def _require_supplier_person(actor, supplier: Organisation) -> None:
    if not works_for(actor, supplier):
        raise Forbidden(_("Only the supplier's own people can work on its application"))


def _locked_application(application: Application, actor) -> Application:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("framework__authority__jurisdiction", "supplier")
        .get(pk=application.pk)
    )
    _require_supplier_person(actor, application.supplier)
    _require_open(application.framework)
    return application


def _submitted(application: Application) -> str | None:
    if application.status == Application.Status.SUBMITTED:
        return _("Your application is submitted. Choose 'Change application' to edit it.")
    return None


def _editable(application: Application) -> None:
    refusal = _submitted(application)
    if refusal:
        raise Conflict(refusal)


def editing_refusal(application: Application) -> str | None:
    """What stops the supplier's people changing the application now, or None: the rules
    the actions above enforce, asked by the pages before they offer a change."""
    return _closed(application.framework) or _submitted(application)


@audit.action
def application_start(*, actor, framework: Framework, supplier: Organisation) -> Application:
    _require_supplier_person(actor, supplier)
    framework = Framework.objects.select_related("authority__jurisdiction").get(pk=framework.pk)
    _require_open(framework)
    try:
        with transaction.atomic():
            application = Application.objects.create(framework=framework, supplier=supplier)
    except IntegrityError:
        audit.nothing_changed()
        return Application.objects.get(framework=framework, supplier=supplier)
    audit.record(
        Verb.APPLICATION_STARTED,
        actor=actor,
        obj=application,
        organisation=supplier,
        payload={"framework": framework.slug},
    )
    return application


@audit.action
def declaration_save(*, actor, application: Application, section: str, submitted: dict):
    """Save one section of the declaration; partial answers are kept until complete."""
    application = _locked_application(application, actor)
    _editable(application)
    document = application.framework.declaration.doc
    part = document.section(section)
    if part is None:
        raise NotFound(_("The declaration has no section %(section)s") % {"section": section})
    checked = content.check(
        document,
        submitted,
        currency=application.framework.currency,
        existing=application.declaration,
        section=part,
    )
    checked.raise_if_invalid()
    declaration = content.replaced(application.declaration, part.questions, checked.answers)
    if declaration == application.declaration:
        audit.nothing_changed()
        return application
    application.declaration = declaration
    application.save(update_fields=["declaration"])
    audit.record(
        Verb.APPLICATION_DECLARATION_SAVED,
        actor=actor,
        obj=application,
        organisation=application.supplier,
        payload={"section": section},
    )
    return application


@audit.action
def declaration_reuse(*, actor, application: Application) -> Application:
    """Start the declaration from the supplier's answers to the previous iteration."""
    application = _locked_application(application, actor)
    _editable(application)
    previous = application.framework.previous
    earlier = (
        previous
        and Application.objects.filter(framework=previous, supplier=application.supplier).first()
    )
    if not earlier or not earlier.declaration:
        raise Conflict(_("There is no earlier declaration to start from"))
    document = application.framework.declaration.doc
    kept = {k: v for k, v in earlier.declaration.items() if k in document.questions}
    checked = content.check(document, kept, currency=application.framework.currency)
    application.declaration = checked.answers
    application.declaration_from = earlier
    application.save(update_fields=["declaration", "declaration_from"])
    audit.record(
        Verb.APPLICATION_DECLARATION_SAVED,
        actor=actor,
        obj=application,
        organisation=application.supplier,
        payload={"reused_from": earlier.pk, "answers": len(checked.answers)},
    )
    return application


@audit.action
def draft_create(
    *,
    actor,
    application: Application,
    lot: Lot,
    submitted: dict | None = None,
    answers: dict | None = None,
    copied_from: str = "",
) -> DraftService:
    """A new service in a lot. `submitted` answers come from a person and are checked;
    `answers` are copied from a service already checked."""
    application = _locked_application(application, actor)
    _editable(application)
    if lot.framework_id != application.framework_id:
        raise Invalid(_("Choose a lot of this framework"), field="lot")
    if lot.one_service_limit and application.services.filter(lot=lot).exists():
        raise Conflict(_("You can offer one service in %(lot)s") % {"lot": lot.name})
    if submitted:
        checked = content.check(
            lot.questions.doc, submitted, currency=application.framework.currency
        )
        checked.raise_if_invalid()
        answers = checked.answers
    draft = DraftService.objects.create(
        application=application, lot=lot, answers=answers or {}, copied_from=copied_from
    )
    audit.record(
        Verb.DRAFT_CREATED,
        actor=actor,
        obj=draft,
        organisation=application.supplier,
        payload={"lot": lot.slug, "copied_from": copied_from},
    )
    return draft


def _locked_draft(draft: DraftService, actor) -> DraftService:
    application = _locked_application(draft.application, actor)
    draft = (
        DraftService.objects.select_for_update(of=("self",))
        .select_related("lot__questions")
        .get(pk=draft.pk)
    )
    draft.application = application
    return draft


@audit.action
def draft_save(*, actor, draft: DraftService, section: str, submitted: dict) -> DraftService:
    draft = _locked_draft(draft, actor)
    _editable(draft.application)
    document = draft.lot.questions.doc
    part = document.section(section)
    if part is None:
        raise NotFound(_("The service has no section %(section)s") % {"section": section})
    checked = content.check(
        document,
        submitted,
        currency=draft.application.framework.currency,
        existing=draft.answers,
        section=part,
    )
    checked.raise_if_invalid()
    answers = content.replaced(draft.answers, part.questions, checked.answers)
    if answers == draft.answers:
        # Saved as it was: a complete draft stays complete, and nothing happened to record.
        audit.nothing_changed()
        return draft
    reopened = draft.status == DraftService.Status.COMPLETE
    if reopened:
        draft.reopen()  # a changed draft is checked again when marked complete
    draft.answers = answers
    draft.save()
    audit.record(
        Verb.DRAFT_REOPENED if reopened else Verb.DRAFT_SAVED,
        actor=actor,
        obj=draft,
        organisation=draft.application.supplier,
        payload={"section": section},
    )
    return draft


@audit.action
def draft_complete(*, actor, draft: DraftService) -> DraftService:
    """Mark complete: every question that applies must be answered within its limits."""
    draft = _locked_draft(draft, actor)
    _editable(draft.application)
    if not can_proceed(draft.complete):
        raise Conflict(_("This service is already complete"))
    document = draft.lot.questions.doc
    checked = content.check(
        document, draft.answers, currency=draft.application.framework.currency, complete=True
    )
    checked.raise_if_invalid()
    draft.complete()
    draft.save()
    audit.record(
        Verb.DRAFT_COMPLETED, actor=actor, obj=draft, organisation=draft.application.supplier
    )
    return draft


@audit.action
def draft_delete(*, actor, draft: DraftService) -> None:
    draft = _locked_draft(draft, actor)
    _editable(draft.application)
    supplier, pk = draft.application.supplier, draft.pk
    draft.delete()
    audit.record(
        Verb.DRAFT_DELETED,
        actor=actor,
        object_type="frameworks.draftservice",
        object_id=pk,
        organisation=supplier,
    )


@audit.action
def drafts_copy(*, actor, application: Application, sources: list) -> list[DraftService]:
    """Copy services (earlier drafts, or live services of the previous iteration) into new
    drafts, keeping the answers the lot's questions still ask and allow copying."""
    application = _locked_application(application, actor)
    _editable(application)
    lots = {lot.slug: lot for lot in application.framework.lots.select_related("questions")}
    created = []
    for source_lot_slug, answers, label in sources:
        lot = lots.get(source_lot_slug)
        if lot is None or lot.questions_id is None:
            continue
        if lot.one_service_limit and (
            application.services.filter(lot=lot).exists() or any(d.lot == lot for d in created)
        ):
            continue
        document = lot.questions.doc
        kept = content.check(
            document, content.copyable(document, answers), currency=application.framework.currency
        ).answers
        created.append(
            DraftService.objects.create(
                application=application, lot=lot, answers=kept, copied_from=label
            )
        )
    if not created:
        raise Conflict(_("None of those services could be copied into this framework's lots"))
    audit.record(
        Verb.DRAFT_COPIED,
        actor=actor,
        obj=application,
        organisation=application.supplier,
        payload={"drafts": [d.pk for d in created], "from": [d.copied_from for d in created]},
    )
    return created


def application_problems(application: Application, *, complete_services=None) -> list[str]:
    """What stops the application being submitted, in words for the supplier. A list that
    counted each application's complete services already passes the count in."""
    problems = []
    document = application.framework.declaration.doc
    missing = content.incomplete_sections(
        document, application.declaration, currency=application.framework.currency
    )
    if missing:
        problems.append(
            _("Complete the declaration: %(sections)s")
            % {"sections": ", ".join(s.name for s in missing)}
        )
    else:
        checked = content.check(
            document,
            application.declaration,
            currency=application.framework.currency,
            complete=True,
        )
        if checked.errors:
            problems.append(
                _("Check the declaration: %(error)s")
                % {"error": next(iter(checked.errors.values()))}
            )
    if complete_services is None:
        complete_services = application.services.filter(
            status=DraftService.Status.COMPLETE
        ).exists()
    if not complete_services:
        problems.append(_("Mark at least one service as complete"))
    return problems


@audit.action
def application_submit(*, actor, application: Application) -> Application:
    """Submit while applications are open. Of simultaneous submissions, exactly one counts."""
    application = _locked_application(application, actor)
    if not admin_of(actor, application.supplier):
        raise Forbidden(_("Only the supplier's admins can submit its application"))
    if not can_proceed(application.submit):
        raise Conflict(_("This application is already submitted"))
    problems = application_problems(application)
    if problems:
        raise Invalid(problems[0], errors={"application": problems})
    application.submit()
    application.save()
    services = application.services.filter(status=DraftService.Status.COMPLETE).count()
    notify(
        application.supplier,
        "frameworks/email/submitted",
        {"framework": application.framework, "application": application, "services": services},
    )
    audit.record(
        Verb.APPLICATION_SUBMITTED,
        actor=actor,
        obj=application,
        organisation=application.supplier,
        payload={"complete_services": services},
    )
    return application


@audit.action
def application_reopen(*, actor, application: Application) -> Application:
    """Take a submitted application back to change it (while applications are open)."""
    application = _locked_application(application, actor)
    if not admin_of(actor, application.supplier):
        raise Forbidden(_("Only the supplier's admins can change a submitted application"))
    if not can_proceed(application.reopen):
        raise Conflict(_("This application is not submitted"))
    application.reopen()
    application.save()
    audit.record(
        Verb.APPLICATION_REOPENED, actor=actor, obj=application, organisation=application.supplier
    )
    return application
