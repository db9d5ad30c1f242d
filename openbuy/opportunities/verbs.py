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
    REQUIREMENT_CLOSED = "requirement.closed", _("Closed requirement")
    EVALUATOR_ASSIGNED = "evaluation.evaluator_assigned", _("Assigned evaluator")
    EVALUATOR_DECLARED = "evaluation.interests_declared", _("Declared interests")
    SCORES_SAVED = "evaluation.scores_saved", _("Saved scores")
    SCORES_SUBMITTED = "evaluation.scores_submitted", _("Submitted scores")
    FINAL_SCORE_SET = "evaluation.final_score_set", _("Moderated score")
    # Award and feedback (issue 9, part "awards")
    AWARD_MADE = "award.made", _("Chose the intended supplier")
    AWARD_CONFIRMED = "award.confirmed", _("Confirmed award")
    AWARD_CANCELLED = "award.cancelled", _("Cancelled award")
    LOT_DECIDED = "lot.decided", _("Ended a lot without an award")
    REQUIREMENT_DECIDED = "requirement.decided", _("Decided requirement")
