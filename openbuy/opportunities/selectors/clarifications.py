"""Who sees which clarification questions (docs/visibility.md): an answered question is
public, as the buyer worded it, and never says who asked; until then it is seen only by
the people of the supplier that asked and by the requirement's buyer team."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation
from openbuy.core.errors import Conflict
from openbuy.frameworks.selectors import suppliers_of

from ..models import ClarificationQuestion, Requirement, TeamMember
from .eligibility import eligible_suppliers
from .public import last_day
from .requirements import requirements_visible_to


def question_refusal(requirement: Requirement) -> Conflict | None:
    """Why no question can be asked now, by the server's clock, or None. The requirement
    page shows it in place of the form; the action raises it."""
    if requirement.status != Requirement.Status.PUBLISHED:
        return Conflict(_("This requirement is not open, so questions cannot be asked"))
    if timezone.now() >= requirement.questions_close_at:
        day = formats.date_format(
            last_day(requirement.questions_close_at, requirement.zone), "j F Y"
        )
        return Conflict(_("Clarification questions closed at the end of %(date)s") % {"date": day})
    return None


@dataclass(frozen=True)
class Asking:
    """Whether this person can ask a question on the requirement now, and for which of
    their supplier organisations; else why not, in words for the page."""

    suppliers: list[Organisation]
    refusal: str
    sign_in: bool = False  # signing in could let them ask
    until: str = ""  # the last day to ask, in the jurisdiction's time zone


def asking(requirement: Requirement, user) -> Asking:
    refusal = question_refusal(requirement)
    if refusal is not None:
        return Asking([], str(refusal))
    if not user.is_authenticated:
        return Asking([], _("Sign in as an eligible supplier to ask a question."), sign_in=True)
    mine = suppliers_of(user).values("pk")
    eligible = list(eligible_suppliers(requirement).filter(pk__in=mine))
    if not eligible:
        return Asking(
            [],
            _(
                "Only eligible suppliers can ask questions: those who could respond to this "
                "requirement."
            ),
        )
    until = formats.date_format(last_day(requirement.questions_close_at, requirement.zone), "j F Y")
    return Asking(eligible, "", until=until)


def _unanswered_first(questions: QuerySet) -> QuerySet:
    """Unanswered questions first, the oldest first; then answered ones, newest last."""
    waiting = Case(
        When(answered_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return questions.order_by(waiting, "asked_at", "pk")


@dataclass(frozen=True)
class Reader:
    """Who reads a requirement's questions: on its buyer team (who may answer), and the
    supplier organisations they work for. Read once for a page or an API answer."""

    team: bool
    answers: bool
    suppliers: frozenset[int]

    def sees_asked(self, question: ClarificationQuestion) -> bool:
        """Whether the question as asked is theirs to read (else only as published)."""
        return self.team or question.supplier_id in self.suppliers


def reader(requirement: Requirement, user) -> Reader:
    if not user.is_authenticated:
        return Reader(team=False, answers=False, suppliers=frozenset())
    member = TeamMember.objects.filter(requirement=requirement, user=user).first()
    return Reader(
        team=member is not None,
        answers=member is not None and member.may(TeamMember.Permission.ANSWER),
        suppliers=frozenset(suppliers_of(user).values_list("pk", flat=True)),
    )


def clarifications_for(requirement: Requirement, user) -> QuerySet[ClarificationQuestion]:
    """The questions on one requirement this person may read: every one for its buyer
    team, their own organisations' and the answered ones for a supplier's people, the
    answered ones for everyone else."""
    questions = ClarificationQuestion.objects.filter(requirement=requirement)
    if not user.is_authenticated:
        return _unanswered_first(questions.filter(answered_at__isnull=False))
    on_team = TeamMember.objects.filter(requirement=requirement, user=user)
    return _unanswered_first(
        questions.filter(
            Q(answered_at__isnull=False)
            | Q(supplier__in=suppliers_of(user).values("pk"))
            | Q(requirement__in=on_team.values("requirement"))
        )
    )


def own_questions(requirement: Requirement, user) -> QuerySet[ClarificationQuestion]:
    """The questions the person's supplier organisations asked on the requirement."""
    if not user.is_authenticated:
        return ClarificationQuestion.objects.none()
    return ClarificationQuestion.objects.filter(
        requirement=requirement, supplier__in=suppliers_of(user).values("pk")
    ).order_by("asked_at", "pk")


def questions_of(user) -> QuerySet[ClarificationQuestion]:
    """Across requirements: the questions the person's supplier organisations asked, with
    their requirements, newest first."""
    if not user.is_authenticated:
        return ClarificationQuestion.objects.none()
    return (
        ClarificationQuestion.objects.filter(
            supplier__in=suppliers_of(user).values("pk"),
            requirement__in=requirements_visible_to(user).values("pk"),
        )
        .select_related("requirement")
        .order_by("-asked_at", "-pk")
    )


def clarifications_visible_to(user) -> QuerySet[ClarificationQuestion]:
    """Across requirements: what clarifications_for shows, for the audit trail."""
    answered = Q(answered_at__isnull=False)
    if not user.is_authenticated:
        return ClarificationQuestion.objects.filter(answered)
    teams = TeamMember.objects.filter(user=user).values("requirement")
    return ClarificationQuestion.objects.filter(
        answered | Q(supplier__in=suppliers_of(user).values("pk")) | Q(requirement__in=teams)
    )
