"""The audit verbs opportunities writes: each one's value is stored in the trail, its label
shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    REQUIREMENT_CREATED = "requirement.created", _("Started requirement")
    REQUIREMENT_SAVED = "requirement.saved", _("Saved requirement")
    REQUIREMENT_CHECKLIST_SAVED = "requirement.checklist_saved", _("Saved checklist")
    REQUIREMENT_PUBLISHED = "requirement.published", _("Published requirement")
    REQUIREMENT_WITHDRAWN = "requirement.withdrawn", _("Withdrew requirement")
    RESPONSE_SAVED = "response.saved", _("Saved response")
    RESPONSE_SUBMITTED = "response.submitted", _("Submitted response")
    RESPONSE_WITHDRAWN = "response.withdrawn", _("Withdrew response")

    # Public list and page, clarification questions (issue 9, part "public").
    QUESTION_ASKED = "requirement.question_asked", _("Asked clarification question")
    QUESTION_ANSWERED = "requirement.question_answered", _("Published clarification answer")
