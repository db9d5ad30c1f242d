"""How the audit trail names and links core's own objects (see core.audit_objects)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import audit_objects
from .models import Jurisdiction


def register() -> None:
    audit_objects.register(
        Jurisdiction,
        kind=_("Jurisdiction"),
        name=lambda j: j.name,
        url=lambda j, viewer: reverse("core:jurisdictions"),
    )
