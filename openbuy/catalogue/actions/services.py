"""Live services: suppliers edit (a new version each time) and remove; framework managers
approve edits and suspend or reinstate services."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from openbuy.accounts.notify import notify
from openbuy.accounts.permissions import admin_of, works_for
from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound
from openbuy.frameworks.models import Framework
from openbuy.frameworks.permissions import require_manager
from openbuy.questions import answers as content

from ..indexing import reindex
from ..models import Service, ServiceVersion
from ..verbs import Verb


def _locked(service: Service) -> Service:
    """The service and its framework, locked in that order (the framework first, as every
    action that checks a framework's status does), so an edit cannot race an expiry."""
    framework = Framework.lock(service.framework_id)
    service = (
        Service.objects.select_for_update(of=("self",))
        .select_related("lot__questions", "current", "supplier")
        .get(pk=service.pk)
    )
    service.framework = framework
    return service


def require_editable(actor, service: Service) -> None:
    """Checked again under lock by the action; pages check first so no form is shown in vain."""
    if not works_for(actor, service.supplier):
        raise Forbidden(_("Only the supplier's own people can edit its services"))
    if not service.is_live:
        raise Conflict(_("Only published services on a live framework can be edited"))


def require_removable(actor, service: Service) -> None:
    if not admin_of(actor, service.supplier):
        raise Forbidden(_("Only the supplier's admins can remove its services"))
    if not can_proceed(service.remove):
        raise Conflict(_("Only a published service can be removed"))


@audit.action
def service_edit(*, actor, service: Service, section: str, submitted: dict) -> ServiceVersion:
    """Save a section of a live service as a new version, live at once and flagged for the
    framework manager's review."""
    service = _locked(service)
    require_editable(actor, service)
    document = service.lot.questions.doc
    part = document.section(section)
    if part is None:
        raise NotFound(_("The service has no section %(section)s") % {"section": section})
    current = service.current.answers
    checked = content.check(
        document, submitted, currency=service.framework.currency, existing=current, section=part
    )
    checked.raise_if_invalid()
    answers = content.replaced(current, part.questions, checked.answers)
    complete = content.check(document, answers, currency=service.framework.currency, complete=True)
    complete.raise_if_invalid()
    if answers == current:
        audit.nothing_changed()
        return service.current
    version = ServiceVersion.objects.create(
        service=service,
        number=service.current.number + 1,
        answers=answers,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    service.current = version
    service.save(update_fields=["current"])
    reindex([service])
    changed = sorted(k for k in set(answers) | set(current) if answers.get(k) != current.get(k))
    audit.record(
        Verb.SERVICE_EDITED,
        actor=actor,
        obj=service,
        organisation=service.supplier,
        payload={"version": version.number, "changed": changed},
    )
    return version


@audit.action
def version_approve(*, actor, version: ServiceVersion) -> ServiceVersion:
    version = (
        ServiceVersion.objects.select_for_update(of=("self",))
        .select_related("service__framework__authority")
        .get(pk=version.pk)
    )
    require_manager(
        actor, version.service.framework, _("Only the authority's framework managers approve edits")
    )
    if version.approved_at:
        raise Conflict(_("This version is already approved"))
    # Approving a version approves the edits before it too: the reviewer saw the diff.
    pending = ServiceVersion.objects.filter(
        service=version.service, approved_at__isnull=True, number__lte=version.number
    )
    approved = pending.update(
        approved_at=timezone.now(), approved_by=actor if getattr(actor, "pk", None) else None
    )
    audit.record(
        Verb.SERVICE_VERSION_APPROVED,
        actor=actor,
        obj=version.service,
        organisation=version.service.framework.authority,
        payload={"version": version.number, "versions_approved": approved},
    )
    return version


@audit.action
def service_remove(*, actor, service: Service) -> Service:
    service = _locked(service)
    require_removable(actor, service)
    service.remove()
    service.save()
    reindex([service])
    audit.record(
        Verb.SERVICE_REMOVED, actor=actor, obj=service, organisation=service.supplier, public=True
    )
    return service


@audit.action
def service_suspend(*, actor, service: Service, reason: str) -> Service:
    service = _locked(service)
    require_manager(actor, service.framework, _("Only the authority's framework managers suspend"))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Enter the reason for suspending the service"), field="reason")
    if len(reason) > 2000:
        raise Invalid(_("The reason must be 2,000 characters or fewer"), field="reason")
    if not can_proceed(service.suspend):
        raise Conflict(_("Only a published service can be suspended"))
    service.suspend(reason)
    service.save()
    reindex([service])
    notify(service.supplier, "catalogue/email/suspended", {"service": service, "reason": reason})
    audit.record(
        Verb.SERVICE_SUSPENDED,
        actor=actor,
        obj=service,
        organisation=service.supplier,
        public=True,
        payload={"reason": reason},
    )
    return service


@audit.action
def service_reinstate(*, actor, service: Service) -> Service:
    service = _locked(service)
    require_manager(
        actor, service.framework, _("Only the authority's framework managers reinstate")
    )
    if not can_proceed(service.reinstate):
        raise Conflict(_("Only a suspended service can be reinstated"))
    service.reinstate()
    service.save()
    reindex([service])
    audit.record(
        Verb.SERVICE_REINSTATED,
        actor=actor,
        obj=service,
        organisation=service.supplier,
        public=True,
    )
    return service
