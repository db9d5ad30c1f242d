"""The audit verbs opportunities writes: each one's value is stored in the trail, its label
shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    REQUIREMENT_CREATED = "requirement.created", _("Started requirement")
    REQUIREMENT_DELETED = "requirement.deleted", _("Deleted draft requirement")
    REQUIREMENT_SAVED = "requirement.saved", _("Saved requirement")
    REQUIREMENT_CHECKLIST_SAVED = "requirement.checklist_saved", _("Saved checklist")
    REQUIREMENT_PUBLISHED = "requirement.published", _("Published requirement")
    REQUIREMENT_WITHDRAWN = "requirement.withdrawn", _("Withdrew requirement")
    RESPONSE_SAVED = "response.saved", _("Saved response")
    RESPONSE_SUBMITTED = "response.submitted", _("Submitted response")
    RESPONSE_WITHDRAWN = "response.withdrawn", _("Withdrew response")
    RESPONSE_DELETED = "response.deleted", _("Deleted unsubmitted response")
    REQUIREMENT_CLOSED = "requirement.closed", _("Closed requirement")
    EVALUATOR_ASSIGNED = "evaluation.evaluator_assigned", _("Assigned evaluator")
    EVALUATOR_DECLARED = "evaluation.interests_declared", _("Declared interests")
    SCORES_SAVED = "evaluation.scores_saved", _("Saved scores")
    SCORES_SUBMITTED = "evaluation.scores_submitted", _("Submitted scores")
    FINAL_SCORE_SET = "evaluation.final_score_set", _("Moderated score")
    # Drafting (issue 9): starting from an earlier requirement, lots, who can respond, the
    # buyer team and amending while open.
    REQUIREMENT_COPIED = "requirement.copied", _("Started requirement from an earlier one")
    REQUIREMENT_LOT_ADDED = "requirement.lot_added", _("Added lot")
    REQUIREMENT_LOT_SAVED = "requirement.lot_saved", _("Saved lot")
    REQUIREMENT_LOT_REMOVED = "requirement.lot_removed", _("Removed lot")
    REQUIREMENT_DIVISION_SAVED = "requirement.division_saved", _("Saved how it is divided")
    REQUIREMENT_AUDIENCE_SAVED = "requirement.audience_saved", _("Saved who can respond")
    REQUIREMENT_AMENDED = "requirement.amended", _("Amended requirement")
    TEAM_MEMBER_ADDED = "requirement.team_member_added", _("Added to the buyer team")
    TEAM_MEMBER_SAVED = "requirement.team_member_saved", _("Changed a team member's permissions")
    TEAM_MEMBER_REMOVED = "requirement.team_member_removed", _("Removed from the buyer team")
    # Evaluation in the product (issue 9, evaluation part): shortlist and ranking export.
    SHORTLIST_SET = "evaluation.shortlist_set", _("Set the shortlist")
    RANKING_DOWNLOADED = "evaluation.ranking_downloaded", _("Downloaded the ranking")
    # Responses (issue 9, the responses part)
    RESPONSES_DOWNLOADED = "response.downloaded", _("Downloaded responses")

    # Public list and page, clarification questions (issue 9, part "public").
    QUESTION_ASKED = "requirement.question_asked", _("Asked clarification question")
    QUESTION_ANSWERED = "requirement.question_answered", _("Published clarification answer")
    # Award and feedback (issue 9, part "awards")
    AWARD_MADE = "award.made", _("Chose the intended supplier")
    AWARD_CONFIRMED = "award.confirmed", _("Confirmed award")
    AWARD_CANCELLED = "award.cancelled", _("Cancelled award")
    LOT_DECIDED = "lot.decided", _("Ended a lot without an award")
    REQUIREMENT_DECIDED = "requirement.decided", _("Decided requirement")
