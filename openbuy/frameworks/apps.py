from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "openbuy.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks")

    def ready(self):
        from openbuy.core import audit

        from . import audit_names

        audit_names.register()
        audit.register_verbs(
            {
                "framework.created": _("Created framework"),
                "framework.updated": _("Changed framework"),
                "framework.lot_added": _("Added lot"),
                "framework.opened": _("Opened framework for applications"),
                "framework.closed": _("Closed applications"),
                "framework.results_announced": _("Announced results"),
                "framework.live": _("Framework went live"),
                "framework.expired": _("Framework expired"),
                "application.started": _("Started application"),
                "application.declaration_saved": _("Saved declaration"),
                "application.submitted": _("Submitted application"),
                "application.reopened": _("Reopened application"),
                "application.result_recorded": _("Recorded application result"),
                "application.results_imported": _("Imported results"),
                "draft.created": _("Drafted service"),
                "draft.saved": _("Saved draft service"),
                "draft.completed": _("Marked service complete"),
                "draft.reopened": _("Reopened draft service"),
                "draft.deleted": _("Deleted draft service"),
                "draft.copied": _("Copied services"),
                "clarification.asked": _("Asked clarification question"),
                "clarification.published": _("Published clarification answer"),
                "agreement.signed": _("Signed framework agreement"),
                "agreement.countersigned": _("Countersigned framework agreement"),
            }
        )

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
