"""The audit verbs catalogue writes: each one's value is stored in the trail, its label
shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    SERVICE_PUBLISHED = "service.published", _("Published service")
    SERVICE_EDITED = "service.edited", _("Edited service")
    SERVICE_VERSION_APPROVED = "service.version_approved", _("Approved service edit")
    SERVICE_REMOVED = "service.removed", _("Removed service")
    SERVICE_SUSPENDED = "service.suspended", _("Suspended service")
    SERVICE_REINSTATED = "service.reinstated", _("Reinstated service")
    PROJECT_CREATED = "project.created", _("Saved search as project")
    PROJECT_SEARCH_UPDATED = "project.search_updated", _("Changed project search")
    PROJECT_ENDED = "project.ended", _("Ended search and froze shortlist")
    PROJECT_DOWNLOADED = "project.downloaded", _("Downloaded shortlist")
    PROJECT_OUTCOME_RECORDED = "project.outcome_recorded", _("Recorded outcome")
    PROJECT_OUTCOME_CORRECTED = "project.outcome_corrected", _("Corrected outcome")
