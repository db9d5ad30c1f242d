from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "openbuy.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks")

    def ready(self):
        from openbuy.core import audit

        from . import audit_names, receivers
        from .verbs import Verb

        # A jurisdiction's currency stays while frameworks price in it: frameworks/receivers.py.
        receivers.register()
        audit_names.register()
        audit.register_verbs(Verb)

        from django.db.models import Q

        from openbuy.core import audit_visibility

        from . import selectors
        from .models import Framework, Lot

        # Frameworks and their lots are public (question sets: see openbuy.questions.apps).
        audit_visibility.register("frameworks.framework", lambda user: Framework.objects.all())
        audit_visibility.register("frameworks.lot", lambda user: Lot.objects.all())
        audit_visibility.register("frameworks.application", selectors.applications_visible_to)
        audit_visibility.register("frameworks.agreement", selectors.agreements_visible_to)
        audit_visibility.register(
            "frameworks.clarificationquestion", selectors.clarifications_visible_to
        )
        # A deleted draft's events stay readable in its supplier's own trail.
        audit_visibility.register(
            "frameworks.draftservice",
            lambda user: (
                audit_visibility.objects_in(selectors.drafts_visible_to(user))
                | Q(organisation_id__in=selectors.suppliers_of(user).values("pk"))
            ),
        )
