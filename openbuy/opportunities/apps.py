from datetime import timedelta

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "openbuy.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from openbuy.core import audit, audit_objects, audit_visibility, search, tasks

        from . import indexing, receivers, selectors
        from .models import ClarificationQuestion, Requirement, Response
        from .tasks import close_due_requirements
        from .verbs import Verb

        audit.register_verbs(Verb)
        tasks.periodic(close_due_requirements, timedelta(minutes=5))
        # The search index follows every public event of a requirement: receivers.py.
        receivers.register()
        search.register_source(indexing.KIND, indexing.all_documents)

        # Who reads which events (docs/visibility.md): a requirement's public events
        # everyone; the rest its team.
        audit_visibility.register("opportunities.requirement", selectors.requirements_audited_for)
        audit_objects.register(Requirement, kind=_("Requirement"), name=lambda r: r.title)
        audit_visibility.register(
            "opportunities.clarificationquestion", selectors.clarifications_visible_to
        )
        # Named by number, linked for those who may read it: the trail never shows a
        # question's words, nor (to platform admins) which requirement it is about.
        audit_objects.register(
            ClarificationQuestion,
            kind=_("Clarification question"),
            name=lambda q: str(_("Question %(number)d") % {"number": q.pk}),
            url=lambda q, viewer: (
                reverse("opportunities:questions", args=[q.requirement_id])
                if viewer.holds(q.supplier_id)
                else ""
            ),
        )
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
