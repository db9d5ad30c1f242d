from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "openbuy.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from openbuy.core import audit, audit_objects, audit_visibility, tasks

        from . import selectors
        from .models import Requirement
        from .tasks import close_due_requirements
        from .verbs import Verb

        audit.register_verbs(Verb)
        tasks.periodic(close_due_requirements, timedelta(minutes=5))
        audit_visibility.register("opportunities.requirement", selectors.requirements_visible_to)
        audit_objects.register(Requirement, kind=_("Requirement"), name=lambda r: r.title)
