from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "openbuy.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from django.urls import reverse

        from openbuy.core import audit, audit_objects, audit_visibility, search

        from . import indexing, receivers, selectors
        from .models import ClarificationQuestion, Requirement
        from .verbs import Verb

        audit.register_verbs(Verb)
        audit_visibility.register("opportunities.requirement", selectors.requirements_visible_to)
        audit_visibility.register(
            "opportunities.clarificationquestion", selectors.clarifications_visible_to
        )
        # The search index follows every public event of a requirement: receivers.py.
        receivers.register()
        search.register_source(indexing.KIND, indexing.all_documents)
        audit_objects.register(Requirement, kind=_("Requirement"), name=lambda r: r.title)
        # Named by its requirement: the trail never shows a question's words.
        audit_objects.register(
            ClarificationQuestion,
            kind=_("Clarification question"),
            name=lambda q: q.requirement.title,
            url=lambda q, _viewer: reverse("opportunities:questions", args=[q.requirement_id]),
            related=("requirement",),
        )
