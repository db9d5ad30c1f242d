from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "openbuy.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from openbuy.core import audit, audit_visibility

        from . import audit_names, receivers, selectors

        # Publishing on go-live, withdrawing on expiry, reindexing renamed suppliers, and
        # the answers the framework pages ask for: catalogue/receivers.py.
        receivers.register()

        audit_visibility.register("catalogue.service", selectors.services_visible_to)
        audit_visibility.register("catalogue.project", selectors.projects_of)

        audit_names.register()
        audit.register_verbs(
            {
                "service.published": _("Published service"),
                "service.edited": _("Edited service"),
                "service.version_approved": _("Approved service edit"),
                "service.removed": _("Removed service"),
                "service.suspended": _("Suspended service"),
                "service.reinstated": _("Reinstated service"),
                "project.created": _("Saved search as project"),
                "project.search_updated": _("Changed project search"),
                "project.ended": _("Ended search and froze shortlist"),
                "project.downloaded": _("Downloaded shortlist"),
                "project.outcome_recorded": _("Recorded outcome"),
                "project.outcome_corrected": _("Corrected outcome"),
            }
        )
