"""How the audit trail names and links the catalogue's objects (see core.audit_objects)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openbuy.accounts.models import Role
from openbuy.core import audit_objects

from .models import Project, Service


def _service(service, viewer) -> str:
    """A removed service's page is left to its supplier's people and the managers."""
    if service.status == Service.Status.REMOVED and not (
        viewer.is_admin
        or viewer.holds(service.supplier_id, Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)
        or viewer.holds(service.framework.authority_id, Role.FRAMEWORK_MANAGER)
    ):
        return ""
    return reverse("catalogue:service", args=[service.service_id])


def _project(project, viewer) -> str:
    """A project is its buyer body's: only the body's buyers open it."""
    if viewer.holds(project.buyer_id, Role.BUYER):
        return reverse("catalogue:project", args=[project.pk])
    return ""


def register() -> None:
    audit_objects.register(
        Service,
        kind=_("Service"),
        name=lambda s: s.name or s.service_id,
        url=_service,
        related=("lot__questions", "current", "framework"),
    )
    audit_objects.register(
        Project,
        kind=_("Direct-award project"),
        name=lambda p: p.name,
        url=_project,
    )
