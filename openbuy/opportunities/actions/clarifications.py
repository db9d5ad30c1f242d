"""Clarification questions: eligible suppliers ask privately until the question deadline;
the buyer's team publishes each answer to everyone, never saying who asked.

The deadline is read from the server's clock inside the transaction that records the
question, after the requirement's row is locked (an amendment moving the deadline waits
for it, or it for the amendment)."""

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.models import Organisation
from openbuy.accounts.notify import notify
from openbuy.accounts.permissions import works_for
from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid

from .. import hooks
from ..models import ClarificationQuestion, Requirement
from ..notices import email_team, engaged_suppliers
from ..permissions import Permission, require
from ..selectors.clarifications import question_refusal
from ..selectors.eligibility import is_eligible
from ..verbs import Verb

# The model's limits, said to people before the database would refuse.
QUESTION_LIMIT = ClarificationQuestion._meta.get_field("question").max_length
ANSWER_LIMIT = ClarificationQuestion._meta.get_field("answer").max_length


def _text(value, *, field: str, empty: str, limit: int, too_long) -> str:
    """Text as typed, trimmed; refused when empty or longer than `limit`, saying so with
    `too_long(limit)` (a function, so that each message is written out for translators)."""
    text = (value or "").strip()
    if not text:
        raise Invalid(empty, field=field)
    if len(text) > limit:
        raise Invalid(
            too_long(limit) % {"limit": number_format(limit, force_grouping=True)}, field=field
        )
    return text


def _question_too_long(limit: int) -> str:
    return ngettext(
        "Your question must be %(limit)s character or fewer",
        "Your question must be %(limit)s characters or fewer",
        limit,
    )


def _published_too_long(limit: int) -> str:
    return ngettext(
        "The question must be %(limit)s character or fewer",
        "The question must be %(limit)s characters or fewer",
        limit,
    )


def _answer_too_long(limit: int) -> str:
    return ngettext(
        "The answer must be %(limit)s character or fewer",
        "The answer must be %(limit)s characters or fewer",
        limit,
    )


@audit.action
def question_ask(
    *, actor, requirement: Requirement, supplier: Organisation, text: str
) -> ClarificationQuestion:
    """A supplier's private question. Only the supplier's people and the buyer's team see
    it until it is answered; the team members who may answer are told by e-mail."""
    if not works_for(actor, supplier):
        raise Forbidden(_("Only the supplier's people can ask questions for it"))
    requirement = (
        Requirement.objects.select_for_update(of=("self",))
        .select_related("buyer__jurisdiction")
        .get(pk=requirement.pk)
    )
    refusal = question_refusal(requirement)
    if refusal is not None:
        raise refusal
    if not is_eligible(requirement, supplier):
        raise Forbidden(
            _("Your organisation is not eligible to respond, so it cannot ask questions")
        )
    text = _text(
        text,
        field="question",
        empty=_("Enter your question"),
        limit=QUESTION_LIMIT,
        too_long=_question_too_long,
    )
    question = ClarificationQuestion.objects.create(
        requirement=requirement, supplier=supplier, asked_by=actor, question=text
    )
    # The text and the requirement stay out of the trail: platform admins read every
    # event, and who asks about what is the asker's and the buyer team's business.
    audit.record(Verb.QUESTION_ASKED, actor=actor, obj=question, organisation=supplier)
    # Who asked stays private, from the buyer too: the e-mail says only that one was asked.
    email_team(
        requirement,
        Permission.ANSWER,
        "opportunities/email/question_asked",
        {"requirement": requirement},
    )
    return question


@audit.action
def question_answer(
    *, actor, question: ClarificationQuestion, published_question: str = "", answer: str
) -> ClarificationQuestion:
    """Publish a question and its answer to everyone, without the asker's name. The buyer
    may reword the question (left empty, it is published as asked). The suppliers who
    asked or responded are told by e-mail."""
    question = (
        ClarificationQuestion.objects.select_for_update(of=("self",))
        .select_related("requirement__buyer__jurisdiction")
        .get(pk=question.pk)
    )
    requirement = question.requirement
    require(actor, requirement, Permission.ANSWER)
    if question.answered_at is not None:
        raise Conflict(_("This question is already answered"))
    if requirement.status != Requirement.Status.PUBLISHED:
        raise Conflict(_("Questions can be answered only while the requirement is published"))
    worded = _text(
        published_question or question.question,
        field="published_question",
        empty=_("Enter the question as it will be published"),
        limit=QUESTION_LIMIT,
        too_long=_published_too_long,
    )
    answer = _text(
        answer,
        field="answer",
        empty=_("Enter the answer"),
        limit=ANSWER_LIMIT,
        too_long=_answer_too_long,
    )
    question.published_question, question.answer = worded, answer
    question.answered_by, question.answered_at = actor, timezone.now()
    question.save()
    audit.record(
        Verb.QUESTION_ANSWERED,
        actor=actor,
        obj=question,
        organisation=requirement.buyer,
        payload={"requirement": requirement.pk, "question": worded, "answer": answer},
        public=True,
    )
    hooks.question_answered.send(
        hooks.QuestionAnswered(requirement=requirement, actor=actor, question=question)
    )
    for supplier in engaged_suppliers(requirement):
        notify(
            supplier,
            "opportunities/email/answer_published",
            {"requirement": requirement, "question": question},
            admins_only=False,
        )
    return question
