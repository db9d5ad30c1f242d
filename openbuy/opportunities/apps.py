from datetime import timedelta

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "openbuy.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from openbuy.core import audit, audit_objects, audit_visibility, tasks

        from . import selectors
        from .models import Requirement, Response
        from .tasks import close_due_requirements
        from .verbs import Verb

        audit.register_verbs(Verb)
        tasks.periodic(close_due_requirements, timedelta(minutes=5))
        audit_visibility.register("opportunities.requirement", selectors.requirements_audited_for)
        audit_objects.register(Requirement, kind=_("Requirement"), name=lambda r: r.title)
        # Responses: events about them are read by their supplier's people (and platform
        # admins, who read every event: so no answers, nor the requirement, in payloads);
        # named by number only, linked only for the supplier's people.
        audit_visibility.register("opportunities.response", selectors.responses_visible_to)
        audit_objects.register(
            Response,
            kind=_("Response"),
            url=lambda r, viewer: (
                reverse("opportunities:response", args=[r.requirement_id, r.pk])
                if viewer.holds(r.supplier_id)
                else ""
            ),
        )
