"""Buyers and requirements made through the real actions."""

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Role
from openbuy.core.actors import SYSTEM
from openbuy.opportunities import actions
from tests import helpers
from tests.frameworks import factories as fw


def buyer(email="morag@sepa.org.uk", body=None):
    """A buyer at a buyer body (the Scottish Environment Protection Agency unless given)."""
    body = body or helpers.buyer_body()
    person = helpers.user(email, purpose="buyer")
    accounts.membership_grant(actor=SYSTEM, organisation=body, user=person, role=Role.BUYER)
    return person, body


def question_sets():
    """The shipped requirement and checklist sets, as the Scottish Government's."""
    _manager, authority = fw.manager()
    requirement = fw.question_set(authority, "dos-outcomes-requirement")
    checklist = fw.question_set(authority, "responsible-checklist")
    return requirement, checklist


def requirement_answers(document) -> dict:
    answers = fw.full_answers(document, name="Flood warnings for Scotland")
    answers.update(weightTechnical="60", weightCultural="15", weightPrice="25")
    return answers


def checklist_answers(document) -> dict:
    """Yes to every item (so no explanation is asked)."""
    return {q.id: "yes" for q in document.questions.values() if q.depends_on is None}


def complete_draft(person, body, lot=None):
    requirement = actions.requirement_create(actor=person, buyer=body, lot=lot)
    requirement = actions.requirement_save(
        actor=person,
        requirement=requirement,
        submitted=requirement_answers(requirement.questions.doc),
    )
    return actions.checklist_save(
        actor=person,
        requirement=requirement,
        submitted=checklist_answers(requirement.checklist.doc),
    )
