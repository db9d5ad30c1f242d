"""The audit verbs frameworks writes: each one's value is stored in the trail, its label
shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    FRAMEWORK_CREATED = "framework.created", _("Created framework")
    FRAMEWORK_UPDATED = "framework.updated", _("Changed framework")
    FRAMEWORK_LOT_ADDED = "framework.lot_added", _("Added lot")
    FRAMEWORK_OPENED = "framework.opened", _("Opened framework for applications")
    FRAMEWORK_CLOSED = "framework.closed", _("Closed applications")
    FRAMEWORK_RESULTS_ANNOUNCED = "framework.results_announced", _("Announced results")
    FRAMEWORK_LIVE = "framework.live", _("Framework went live")
    FRAMEWORK_EXPIRED = "framework.expired", _("Framework expired")
    APPLICATION_STARTED = "application.started", _("Started application")
    APPLICATION_DECLARATION_SAVED = "application.declaration_saved", _("Saved declaration")
    APPLICATION_SUBMITTED = "application.submitted", _("Submitted application")
    APPLICATION_REOPENED = "application.reopened", _("Reopened application")
    APPLICATION_RESULT_RECORDED = "application.result_recorded", _("Recorded application result")
    APPLICATION_RESULTS_IMPORTED = "application.results_imported", _("Imported results")
    DRAFT_CREATED = "draft.created", _("Drafted service")
    DRAFT_SAVED = "draft.saved", _("Saved draft service")
    DRAFT_COMPLETED = "draft.completed", _("Marked service complete")
    DRAFT_REOPENED = "draft.reopened", _("Reopened draft service")
    DRAFT_DELETED = "draft.deleted", _("Deleted draft service")
    DRAFT_COPIED = "draft.copied", _("Copied services")
    CLARIFICATION_ASKED = "clarification.asked", _("Asked clarification question")
    CLARIFICATION_PUBLISHED = "clarification.published", _("Published clarification answer")
    AGREEMENT_SIGNED = "agreement.signed", _("Signed framework agreement")
    AGREEMENT_COUNTERSIGNED = "agreement.countersigned", _("Countersigned framework agreement")
