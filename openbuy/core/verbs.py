"""The audit verbs core writes: each one's value is stored in the trail, its label
shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from . import audit


class Verb(audit.Verbs):
    JURISDICTION_CREATED = "jurisdiction.created", _("Jurisdiction created")
    JURISDICTION_UPDATED = "jurisdiction.updated", _("Jurisdiction updated")
    ADMIN_ADDED = "admin.added", _("Added in the Django admin")
    ADMIN_CHANGED = "admin.changed", _("Changed in the Django admin")
    ADMIN_DELETED = "admin.deleted", _("Deleted in the Django admin")
