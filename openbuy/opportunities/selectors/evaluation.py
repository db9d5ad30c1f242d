"""What each person sees of a requirement's evaluation (docs/opportunities.md,
"Evaluation"), shared by the pages and the API.

Nothing of the responses before the closing time: they are sealed. After it:

- an evaluator sees the responses once they have declared no conflict of interest, their
  own scores, and the other evaluators' submitted scores once they have submitted theirs;
  an evaluator who declared a conflict sees nothing of the responses;
- the requirement's team members who may evaluate (Permission.EVALUATE) see the progress
  (who declared, who submitted, counts) and, once every evaluator without a conflict has
  submitted, every score, the moderation and the ranking (selectors/moderation.py); a team
  member who declared a conflict sees the progress only;
- anyone else, platform admins and the buyer body's other buyers too, sees nothing: the
  evaluation is not there for them (404).

Where someone may see a thing later but not yet, they are told so (403)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openbuy.accounts.models import User
from openbuy.core.errors import Forbidden, NotFound

from .. import scoring
from ..models import Evaluator, FinalScore, Requirement, Response, Score, TeamMember
from ..permissions import Permission

# Where a response holds its evidence for a criterion: "essential-2" is the second item of
# its essentialEvidence answer (the response sets list evidence in the criteria's order).
EVIDENCE = {"essential": "essentialEvidence", "nice": "niceToHaveEvidence", "lot": "lotEvidence"}
# The answer cultural fit is scored on.
CULTURAL_ANSWER = "culturalFit"


def not_there() -> NotFound:
    return NotFound(_("There is nothing at this address"))


@dataclass(frozen=True)
class Seat:
    """Who a person is in one requirement's evaluation: an evaluator, a team member who
    may run it, or both."""

    requirement: Requirement
    evaluator: Evaluator | None
    team: bool

    @property
    def sealed(self) -> bool:
        """Before the closing time: no one sees anything of the responses."""
        return timezone.now() < self.requirement.closes_at

    @property
    def conflicted(self) -> bool:
        return self.evaluator is not None and self.evaluator.has_conflict

    @property
    def runs_evaluation(self) -> bool:
        """May see the progress and assign evaluators."""
        return self.team and not self.sealed

    @property
    def oversees(self) -> bool:
        """May see every score, moderate and rank, once every evaluator has submitted."""
        return self.runs_evaluation and not self.conflicted

    @property
    def scores(self) -> bool:
        """An evaluator who declared no conflict: may read the responses and score them."""
        return self.evaluator is not None and self.evaluator.may_score and not self.sealed

    @property
    def open(self) -> bool:
        """The evaluation still runs: not yet awarded, cancelled or found unsuitable."""
        return self.requirement.status in (
            Requirement.Status.PUBLISHED,
            Requirement.Status.CLOSED,
        )


def evaluation_seat(user, requirement_id) -> Seat | None:
    """The person's seat in the requirement's evaluation; None when they have none (or
    the requirement never reached evaluation), so that it is not there for them."""
    if not getattr(user, "is_authenticated", False):
        return None
    requirement = (
        Requirement.objects.select_related("buyer__jurisdiction")
        .exclude(status__in=[Requirement.Status.DRAFT, Requirement.Status.WITHDRAWN])
        .filter(pk=requirement_id)
        .first()
    )
    if requirement is None:
        return None
    member = TeamMember.objects.filter(requirement=requirement, user=user).first()
    evaluator = Evaluator.objects.filter(requirement=requirement, user=user).first()
    team = member is not None and member.may(Permission.EVALUATE)
    if not team and evaluator is None:
        return None
    if evaluator is not None:
        evaluator.requirement = requirement
    return Seat(requirement=requirement, evaluator=evaluator, team=team)


def seat_or_404(user, requirement_id) -> Seat:
    seat = evaluation_seat(user, requirement_id)
    if seat is None:
        raise not_there()
    return seat


# The team's view: progress, and who can be assigned.


@dataclass
class EvaluatorProgress:
    evaluator: Evaluator
    scored: int  # criteria of responses scored so far
    to_score: int  # criteria of responses in all

    @property
    def state(self) -> str:
        evaluator = self.evaluator
        if evaluator.declared_at is None:
            return _("Not declared yet")
        if evaluator.has_conflict:
            return _("Conflict of interest: removed")
        if evaluator.submitted_at is not None:
            return _("Submitted")
        return _("Scoring")


@dataclass
class LotProgress:
    lot: object
    responses: int
    criteria: int  # criteria each response to it is scored on
    shortlisted: int


@dataclass
class Progress:
    requirement: Requirement
    evaluators: list[EvaluatorProgress]
    lots: list[LotProgress]
    moderated: int  # final scores set

    @property
    def responses(self) -> int:
        return sum(lot.responses for lot in self.lots)

    @property
    def to_score(self) -> int:
        return sum(lot.responses * lot.criteria for lot in self.lots)

    @property
    def shortlisted(self) -> int:
        return sum(lot.shortlisted for lot in self.lots)

    def _count(self, test) -> int:
        return sum(1 for e in self.evaluators if test(e.evaluator))

    @property
    def declared(self) -> int:
        return self._count(lambda e: e.declared_at is not None)

    @property
    def conflicted(self) -> int:
        return self._count(lambda e: e.has_conflict)

    @property
    def submitted(self) -> int:
        return self._count(lambda e: e.submitted_at is not None)

    @property
    def scoring(self) -> int:
        """Evaluators without a conflict: moderation waits for each to submit."""
        return self._count(lambda e: not e.has_conflict)

    @property
    def all_submitted(self) -> bool:
        return self.scoring > 0 and self.submitted == self.scoring

    @property
    def moderation_started(self) -> bool:
        """As moderation.moderation_started: no evaluator joins from then on."""
        return self.all_submitted or self.moderated > 0


def _lot_progress(requirement: Requirement) -> list[LotProgress]:
    submitted = Q(responses__status=Response.Status.SUBMITTED)
    lots = requirement.lots.annotate(
        submitted=Count("responses", filter=submitted),
        shortlisted_count=Count("responses", filter=submitted & Q(responses__shortlisted=True)),
    ).order_by("number")
    return [
        LotProgress(
            lot=lot,
            responses=lot.submitted,
            criteria=len(scoring.criteria(requirement, lot)),
            shortlisted=lot.shortlisted_count,
        )
        for lot in lots
    ]


def progress(seat: Seat) -> Progress:
    """Who declared, who submitted, how far each has scored: for the team (four queries,
    whatever the number of evaluators and responses)."""
    if not seat.runs_evaluation:
        raise not_there()
    requirement = seat.requirement
    lots = _lot_progress(requirement)
    to_score = sum(lot.responses * lot.criteria for lot in lots)
    evaluators = (
        Evaluator.objects.filter(requirement=requirement)
        .select_related("user")
        .annotate(scored=Count("scores"))
        .order_by("assigned_at", "pk")
    )
    moderated = FinalScore.objects.filter(response__requirement=requirement).count()
    return Progress(
        requirement=requirement,
        evaluators=[EvaluatorProgress(e, e.scored, to_score) for e in evaluators],
        lots=lots,
        moderated=moderated,
    )


def buyer_members(seat: Seat) -> QuerySet[User]:
    """The buyer body's people: those who can be made evaluators."""
    if not seat.team:
        raise not_there()
    return (
        User.objects.filter(memberships__organisation=seat.requirement.buyer_id, is_active=True)
        .distinct()
        .order_by("name", "email")
    )


def assignable_members(seat: Seat) -> QuerySet[User]:
    """The buyer body's people who are not yet evaluators of the requirement."""
    if not seat.runs_evaluation:
        raise not_there()
    assigned = Evaluator.objects.filter(requirement=seat.requirement).values("user")
    return buyer_members(seat).exclude(pk__in=assigned)


def response_to_act_on(seat: Seat, response_id) -> Response:
    """A submitted response of the requirement, for an action to act on (the action checks
    what the person may do): not there for anyone who may never read it."""
    evaluates = seat.evaluator is not None and not seat.conflicted
    if seat.sealed or not (seat.oversees or evaluates):
        raise not_there()
    response = submitted_responses(seat.requirement).filter(pk=response_id).first()
    if response is None:
        raise not_there()
    return response


# The evaluator's view: the responses, their own scores, the others' after submitting.


def _scoring_evaluator(seat: Seat) -> Evaluator:
    """The seat's evaluator, once they may read the responses."""
    evaluator = seat.evaluator
    if evaluator is None or evaluator.has_conflict or seat.sealed:
        raise not_there()
    if evaluator.declared_at is None:
        raise Forbidden(_("Declare your interests before you see the responses"))
    return evaluator


def submitted_responses(requirement: Requirement) -> QuerySet[Response]:
    return (
        Response.objects.filter(requirement=requirement, status=Response.Status.SUBMITTED)
        .select_related("lot", "supplier")
        .order_by("lot__number", "submitted_at", "pk")
    )


def response_rows(requirement: Requirement, **annotations) -> list[Response]:
    """The submitted responses for a list, which shows none of their answers: each with its
    supplier's name and its lot, read once for all (a requirement may have hundreds)."""
    lots = {lot.pk: lot for lot in requirement.lots.all()}
    found = (
        Response.objects.filter(requirement=requirement, status=Response.Status.SUBMITTED)
        .select_related("supplier")
        .only("requirement_id", "lot_id", "supplier__name", "shortlisted", "submitted_at")
        .annotate(**annotations)
        .order_by("lot__number", "submitted_at", "pk")
    )
    rows = list(found)
    for response in rows:
        response.lot = lots[response.lot_id]
    return rows


def criteria_by_lot(requirement: Requirement, responses) -> dict[int, list]:
    """Each lot's criteria, worked out once per lot rather than once per response."""
    return {
        r.lot_id: scoring.criteria(requirement, r.lot)
        for r in {r.lot_id: r for r in responses}.values()
    }


@dataclass
class ToScore:
    response: Response
    criteria: list[scoring.Criterion]
    scored: int

    @property
    def done(self) -> bool:
        return self.scored >= len(self.criteria)


def responses_to_score(seat: Seat) -> list[ToScore]:
    """Every response, with how many of its criteria the evaluator has scored (two
    queries)."""
    evaluator = _scoring_evaluator(seat)
    requirement = seat.requirement
    counts = dict(
        Score.objects.filter(evaluator=evaluator)
        .values("response")
        .annotate(n=Count("pk"))
        .values_list("response", "n")
    )
    rows = response_rows(requirement)
    criteria = criteria_by_lot(requirement, rows)
    return [ToScore(r, criteria[r.lot_id], counts.get(r.pk, 0)) for r in rows]


def evidence_for(response: Response, key: str) -> str:
    """The response's evidence for a criterion, where its answers give it one."""
    if key == scoring.CULTURAL_KEY:
        return str((response.answers or {}).get(CULTURAL_ANSWER) or "")
    group, _sep, number = key.partition("-")
    items = (response.answers or {}).get(EVIDENCE.get(group, ""))
    if not number.isdigit() or not isinstance(items, list) or len(items) < int(number):
        return ""
    return str(items[int(number) - 1])


@dataclass
class SheetRow:
    criterion: scoring.Criterion
    evidence: str
    score: Score | None  # the evaluator's own
    others: list[Score] = field(default_factory=list)  # once they have submitted


@dataclass
class Sheet:
    """One response as an evaluator scores it: each criterion with the response's evidence
    and the evaluator's own score."""

    response: Response
    rows: list[SheetRow]
    submitted_at: datetime.datetime | None


def response_to_score(seat: Seat, response_id) -> Sheet:
    evaluator = _scoring_evaluator(seat)
    response = submitted_responses(seat.requirement).filter(pk=response_id).first()
    if response is None:
        raise not_there()
    own = {s.criterion: s for s in Score.objects.filter(evaluator=evaluator, response=response)}
    rows = [
        SheetRow(c, evidence_for(response, c.key), own.get(c.key))
        for c in scoring.criteria(seat.requirement, response.lot)
    ]
    return Sheet(response, rows, evaluator.submitted_at)


def own_scores(seat: Seat, responses: list[Response]) -> dict[int, dict[str, Score]]:
    """The evaluator's scores of these responses: {response id: {criterion: score}}."""
    evaluator = _scoring_evaluator(seat)
    found: dict[int, dict[str, Score]] = {r.pk: {} for r in responses}
    for score in Score.objects.filter(evaluator=evaluator, response__in=responses):
        found[score.response_id][score.criterion] = score
    return found


def responses_of(seat: Seat) -> QuerySet[Response]:
    """The responses the evaluator may read, for a paged list (the API)."""
    _scoring_evaluator(seat)
    return submitted_responses(seat.requirement)


def others_scores(seat: Seat, response_id) -> Sheet:
    """The response's sheet with the other evaluators' scores beside the evaluator's own:
    only once the evaluator has submitted, and only the others' submitted scores."""
    sheet = response_to_score(seat, response_id)
    if sheet.submitted_at is None:
        raise Forbidden(
            _("You will see the other evaluators' scores once you have submitted yours")
        )
    others = (
        Score.objects.filter(
            response=sheet.response,
            evaluator__has_conflict=False,
            evaluator__submitted_at__isnull=False,
        )
        .exclude(evaluator=seat.evaluator)
        .select_related("evaluator__user")
        .order_by("evaluator__assigned_at", "evaluator_id")
    )
    by_criterion: dict[str, list[Score]] = {}
    for score in others:
        by_criterion.setdefault(score.criterion, []).append(score)
    for row in sheet.rows:
        row.others = by_criterion.get(row.criterion.key, [])
    return sheet


def evaluations_of(user) -> QuerySet[Evaluator]:
    """The person's assignments as an evaluator, with their requirements, in evaluations
    not yet decided (nor withdrawn): for their account page."""
    if not getattr(user, "is_authenticated", False):
        return Evaluator.objects.none()
    ended = (Requirement.Status.WITHDRAWN, *Requirement.DECIDED)
    return (
        Evaluator.objects.filter(user=user)
        .exclude(requirement__status__in=ended)
        .select_related("requirement__buyer")
        .order_by("assigned_at", "pk")
    )


def responding_suppliers(seat: Seat) -> list[str]:
    """The names of the suppliers that submitted responses (names only), once the
    requirement has closed: an evaluator declares conflicts of interest with them."""
    if seat.sealed:
        return []
    found = submitted_responses(seat.requirement).values_list("supplier__name", flat=True)
    return sorted(set(found))
