"""The audit verbs the questions app writes: each one's value is stored in the trail, its
label shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    QUESTION_SET_CREATED = "question_set.created", _("Added question set version")
