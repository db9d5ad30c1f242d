"""The audit verbs opendata writes: each one's value is stored in the trail, its label shown
to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    OCDS_IMPORTED = "ocds.imported", _("Imported other publishers' OCDS data")
