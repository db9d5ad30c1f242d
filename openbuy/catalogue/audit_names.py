"""How the audit trail names and links the catalogue's objects (see core.audit_objects)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openbuy.core import audit_objects

from .models import Project, Service


def register() -> None:
    audit_objects.register(
        Service,
        kind=_("Service"),
        name=lambda s: s.name or s.service_id,
        url=lambda s: reverse("catalogue:service", args=[s.service_id]),
        related=("lot__questions", "current"),
    )
    audit_objects.register(
        Project,
        kind=_("Direct-award project"),
        name=lambda p: p.name,
        url=lambda p: reverse("catalogue:project", args=[p.pk]),
    )
