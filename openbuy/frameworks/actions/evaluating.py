"""After applications close: results, clarification answers, agreements."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.notify import notify
from openbuy.accounts.permissions import admin_of, works_for
from openbuy.core import audit
from openbuy.core.errors import ActionError, Conflict, Forbidden, Invalid

from .. import hooks
from ..models import (
    Agreement,
    Application,
    ClarificationQuestion,
    DraftService,
    Framework,
    Result,
)
from ..permissions import require_manager
from ..verbs import Verb

RESULTS = {Result.PASS, Result.FAIL}
CSV_COLUMNS = ["application", "service", "result", "reason"]


def _require_evaluating(framework: Framework) -> None:
    if framework.status != Framework.Status.PENDING:
        raise Conflict(
            _("Results are recorded after applications close and before they are announced")
        )


def _result_errors(result, reason, *, prefix: str, failed: str) -> dict[str, list[str]]:
    """What is wrong with one result, by field (prefix.result, prefix.reason). A fail
    needs its reason: the supplier reads it."""
    if result not in RESULTS:
        return {f"{prefix}.result": [_("A result is pass or fail")]}
    if len(reason or "") > 2000:
        return {f"{prefix}.reason": [_("A reason must be 2,000 characters or fewer")]}
    if result == Result.FAIL and not (reason or "").strip():
        return {f"{prefix}.reason": [failed]}
    return {}


def _set_results(application: Application, declaration: tuple | None, services: dict) -> dict:
    """Apply results, all or none; return what changed. Only submitted applications are
    evaluated. Errors are keyed declaration.result, declaration.reason, services.ID.result
    and services.ID.reason."""
    if application.status != Application.Status.SUBMITTED:
        raise Invalid(
            _("Application %(id)s was not submitted, so it has no results")
            % {"id": application.pk},
            field="application",
        )
    if declaration is None and not services:
        raise Invalid(
            _("Choose pass or fail for the declaration or at least one service"),
            field="declaration.result",
        )
    drafts = {d.pk: d for d in application.services.filter(status=DraftService.Status.COMPLETE)}
    unknown = [draft_id for draft_id in services if draft_id not in drafts]
    if unknown:
        raise Invalid(
            _("Service %(id)s is not a complete service of this application") % {"id": unknown[0]},
            field="service",
        )
    errors: dict[str, list[str]] = {}
    if declaration is not None:
        errors |= _result_errors(
            *declaration,
            prefix="declaration",
            failed=_("Give the reason the declaration failed: the supplier will read it"),
        )
    for draft_id, (result, reason) in services.items():
        errors |= _result_errors(
            result,
            reason,
            prefix=f"services.{draft_id}",
            failed=_("Give the reason %(service)s failed: the supplier will read it")
            % {"service": drafts[draft_id].name or _("service %(id)s") % {"id": draft_id}},
        )
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    changed = {}
    if declaration is not None:
        result, reason = declaration
        application.declaration_result, application.declaration_reason = result, reason or ""
        application.save(update_fields=["declaration_result", "declaration_reason"])
        changed["declaration"] = result
    for draft_id, (result, reason) in services.items():
        draft = drafts[draft_id]
        draft.result, draft.result_reason = result, reason or ""
        draft.save(update_fields=["result", "result_reason"])
        changed[f"service {draft_id}"] = result
    return changed


@audit.action
def result_record(
    *,
    actor,
    application: Application,
    declaration: tuple | None = None,
    services: dict | None = None,
) -> Application:
    """Pass or fail the declaration and each complete service, with reasons."""
    framework = Framework.lock(application.framework_id)
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    require_manager(actor, framework, _("Only the authority's framework managers record results"))
    _require_evaluating(framework)
    changed = _set_results(application, declaration, services or {})
    audit.record(
        Verb.APPLICATION_RESULT_RECORDED,
        actor=actor,
        obj=application,
        organisation=framework.authority,
        payload=changed,
    )
    return application


@audit.action
def results_import(*, actor, framework: Framework, text: str) -> int:
    """Record results from CSV: application, service (blank for the declaration), result,
    reason. All rows apply or none does."""
    framework = Framework.objects.select_for_update(of=("self",)).get(pk=framework.pk)
    require_manager(actor, framework, _("Only the authority's framework managers record results"))
    _require_evaluating(framework)
    if "\x00" in text:
        raise Invalid(_("The file has a NUL character (\\0) in it"), field="file")
    try:
        rows = _import_rows(framework, text)
    except csv.Error as error:
        raise Invalid(
            _("The file is not valid CSV: %(error)s") % {"error": error}, field="file"
        ) from error
    if not rows:
        raise Invalid(_("The file has no results in it"), field="file")
    audit.record(
        Verb.APPLICATION_RESULTS_IMPORTED,
        actor=actor,
        obj=framework,
        organisation=framework.authority,
        payload={"rows": rows},
    )
    return rows


def _import_rows(framework: Framework, text: str) -> int:
    reader = csv.DictReader(io.StringIO(text), restval="", strict=True)
    if reader.fieldnames is None or [c.strip() for c in reader.fieldnames] != CSV_COLUMNS:
        raise Invalid(
            _("The first row must be: %(columns)s") % {"columns": ",".join(CSV_COLUMNS)},
            field="file",
        )
    applications = {a.pk: a for a in framework.applications.all()}
    rows = 0
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise Invalid(
                ngettext(
                    "Row %(line)d has more than %(count)d column",
                    "Row %(line)d has more than %(count)d columns",
                    len(CSV_COLUMNS),
                )
                % {"line": line, "count": len(CSV_COLUMNS)},
                field="file",
            )
        try:
            application = applications[int(row["application"])]
            service = row["service"].strip()
            result, reason = row["result"].strip().lower(), (row["reason"] or "").strip()
            if service:
                _set_results(application, None, {int(service): (result, reason)})
            else:
                _set_results(application, (result, reason), {})
        except (KeyError, ValueError, TypeError) as error:
            raise Invalid(
                _("Row %(line)d: unknown application or service") % {"line": line}, field="file"
            ) from error
        except Invalid as error:
            raise Invalid(
                _("Row %(line)d: %(error)s") % {"line": line, "error": error}, field="file"
            ) from error
        rows += 1
    return rows


@audit.action
def clarification_ask(*, actor, framework: Framework, supplier, question: str):
    if not works_for(actor, supplier):
        raise Forbidden(_("Only a supplier's own people can ask for it"))
    if not framework.accepting_clarifications:
        raise Conflict(
            _("Clarification questions for %(name)s are closed") % {"name": framework.name}
        )
    question = (question or "").strip()
    if not question:
        raise Invalid(_("Enter your question"), field="question")
    if len(question) > 3000:
        raise Invalid(_("Your question must be 3,000 characters or fewer"), field="question")
    asked = ClarificationQuestion.objects.create(
        framework=framework, supplier=supplier, asked_by=actor, question=question
    )
    audit.record(Verb.CLARIFICATION_ASKED, actor=actor, obj=asked, organisation=supplier)
    return asked


@audit.action
def clarification_publish(*, actor, clarification: ClarificationQuestion, answer: str):
    """Answer a question for every applicant: the answer (with the question, never who asked)
    is published and e-mailed to all of them."""
    clarification = (
        ClarificationQuestion.objects.select_for_update(of=("self",))
        .select_related("framework__authority")
        .get(pk=clarification.pk)
    )
    framework = clarification.framework
    require_manager(actor, framework, _("Only the authority's framework managers answer"))
    if clarification.published_at:
        raise Conflict(_("This answer is already published"))
    answer = (answer or "").strip()
    if not answer:
        raise Invalid(_("Enter the answer"), field="answer")
    if len(answer) > 5000:
        raise Invalid(_("The answer must be 5,000 characters or fewer"), field="answer")
    clarification.answer, clarification.published_at = answer, timezone.now()
    clarification.published_by = actor if getattr(actor, "pk", None) else None
    clarification.save()
    for application in framework.applications.select_related("supplier"):
        notify(
            application.supplier,
            "frameworks/email/clarification",
            {"framework": framework, "clarification": clarification},
            admins_only=False,
        )
    audit.record(
        Verb.CLARIFICATION_PUBLISHED,
        actor=actor,
        obj=clarification,
        organisation=framework.authority,
        public=True,
    )
    hooks.clarification_published.send(
        hooks.ClarificationPublished(framework=framework, actor=actor, clarification=clarification)
    )
    return clarification


def signing_refusal(actor, application: Application) -> ActionError | None:
    """Why this person cannot sign the application's framework agreement now, or None:
    the action raises it, the agreement page shows it instead of the form."""
    if Agreement.objects.filter(application=application).exists():
        return Conflict(_("The agreement is already signed"))
    if not admin_of(actor, application.supplier):
        return Forbidden(_("Only the supplier's admins can sign its framework agreement"))
    if application.framework.status != Framework.Status.STANDSTILL:
        return Conflict(_("Agreements are signed during standstill, after results are announced"))
    if not application.passed:
        return Conflict(_("Only suppliers who passed sign the framework agreement"))
    return None


@audit.action
def agreement_sign(
    *,
    actor,
    application: Application,
    signer_name: str,
    signer_role: str,
    authority_confirmed: bool,
) -> Agreement:
    """A passed supplier signs the framework agreement during standstill."""
    framework = Framework.lock(application.framework_id)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=application.pk)
    )
    application.framework = framework
    refusal = signing_refusal(actor, application)
    if refusal is not None:
        raise refusal
    errors = {}
    if not (signer_name or "").strip():
        errors["signer_name"] = [_("Enter the full name of the person signing")]
    if not (signer_role or "").strip():
        errors["signer_role"] = [_("Enter their role")]
    if len(signer_name or "") > 150 or len(signer_role or "") > 150:
        errors.setdefault("signer_name", []).append(
            _("Names and roles are 150 characters or fewer")
        )
    if authority_confirmed is not True:
        errors["authority_confirmed"] = [_("Confirm you have the authority to sign")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    agreement = Agreement.objects.create(
        application=application,
        signer_name=signer_name.strip(),
        signer_role=signer_role.strip(),
        authority_confirmed=True,
        signed_at=timezone.now(),
        signed_by=actor,
    )
    audit.record(
        Verb.AGREEMENT_SIGNED,
        actor=actor,
        obj=agreement,
        organisation=application.supplier,
        payload={"signer_name": agreement.signer_name, "signer_role": agreement.signer_role},
    )
    return agreement


def countersigning_refusal(agreement: Agreement) -> str | None:
    """Why the agreement cannot be countersigned now, or None (the action and its
    confirmation page both ask)."""
    if agreement.countersigned_at:
        return _("This agreement is already countersigned")
    if agreement.application.framework.status not in {
        Framework.Status.STANDSTILL,
        Framework.Status.LIVE,
    }:
        return _("Agreements are countersigned during standstill")
    return None


@audit.action
def agreement_countersign(*, actor, agreement: Agreement) -> Agreement:
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("application__framework__authority", "application__supplier")
        .get(pk=agreement.pk)
    )
    framework = agreement.application.framework
    require_manager(actor, framework, _("Only the authority's framework managers countersign"))
    refusal = countersigning_refusal(agreement)
    if refusal:
        raise Conflict(refusal)
    agreement.countersigned_at, agreement.countersigned_by = timezone.now(), actor
    agreement.save(update_fields=["countersigned_at", "countersigned_by"])
    notify(
        agreement.application.supplier,
        "frameworks/email/countersigned",
        {"framework": framework, "agreement": agreement},
    )
    audit.record(
        Verb.AGREEMENT_COUNTERSIGNED, actor=actor, obj=agreement, organisation=framework.authority
    )
    hooks.agreement_countersigned.send(
        hooks.AgreementCountersigned(framework=framework, actor=actor, agreement=agreement)
    )
    return agreement
