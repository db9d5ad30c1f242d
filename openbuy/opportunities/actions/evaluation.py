"""Evaluation after closing: the team assigns evaluators, each declares their interests
before seeing any response, scores every criterion of every response with a justification
and submits; a moderator then agrees the final scores (scoring.py ranks them)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from openbuy.accounts.models import User
from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound

from .. import scoring
from ..models import Evaluator, FinalScore, Requirement, Response, Score
from ..notices import email_people
from ..permissions import Permission, require
from ..selectors.moderation import fixed_lots, moderation_started
from ..verbs import Verb
from .closing import closed

MAX_JUSTIFICATION = 5000
MODERATION_STARTED = _lazy("Moderation has started: no more evaluators can join")


def _evaluating(
    actor, requirement: Requirement, *, ended_ok: bool = False, lock: bool = False
) -> Requirement:
    """The requirement, closed (recorded now if due) and not yet decided (unless
    `ended_ok`, for what may be read afterwards), once the actor may run its evaluation.
    `lock` holds its row for the transaction, as deciding a lot does, so that moderating,
    shortlisting and awarding take turns."""
    found = Requirement.objects.select_related("buyer__jurisdiction")
    if lock:
        found = found.select_for_update(of=("self",))
    requirement = found.get(pk=requirement.pk)
    require(actor, requirement, Permission.EVALUATE)
    if requirement.status == Requirement.Status.DRAFT or requirement.is_open:
        raise Conflict(_("Evaluation starts when the requirement closes"))
    if requirement.status == Requirement.Status.WITHDRAWN:
        raise Conflict(_("The requirement was withdrawn: there is nothing to evaluate"))
    requirement = closed(requirement)
    if requirement.status != Requirement.Status.CLOSED and not ended_ok:
        raise Conflict(_("The evaluation of this requirement has ended"))
    return requirement


def moderating(
    actor, requirement: Requirement, *, ended_ok: bool = False, lock: bool = False
) -> Requirement:
    """As _evaluating, and the actor has not declared a conflict in this requirement: a
    conflict keeps them from the responses and the scores, whatever their permissions."""
    requirement = _evaluating(actor, requirement, ended_ok=ended_ok, lock=lock)
    if Evaluator.objects.filter(requirement=requirement, user=actor, has_conflict=True).exists():
        raise Forbidden(
            _("You declared a conflict of interest: you cannot see or moderate the scores")
        )
    return requirement


@audit.action
def evaluator_assign(*, actor, requirement: Requirement, user) -> Evaluator:
    """Make a member of the buyer body an evaluator of a closed requirement, until
    moderation starts (every evaluator without a conflict has submitted, or a final score
    is set); they are sent a link to the evaluation."""
    requirement = _evaluating(actor, requirement, lock=True)
    if not requirement.buyer.memberships.filter(user=user).exists():
        raise Invalid(_("Evaluators must be members of the buyer body"), field="user")
    if moderation_started(requirement):
        raise Conflict(MODERATION_STARTED, field="user")
    evaluator, created = Evaluator.objects.get_or_create(
        requirement=requirement, user=user, defaults={"assigned_by": actor}
    )
    if not created:
        raise Conflict(_("%(name)s is already an evaluator") % {"name": user}, field="user")
    audit.record(
        Verb.EVALUATOR_ASSIGNED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"evaluator": user.pk},
    )
    email_people(
        User.objects.filter(pk=user.pk),
        "opportunities/email/evaluator_assigned",
        {"requirement": requirement, "assigned_by": actor},
    )
    return evaluator


def _own(actor, evaluator: Evaluator) -> Evaluator:
    evaluator = (
        Evaluator.objects.select_for_update(of=("self",))
        .select_related("requirement__buyer__jurisdiction")
        .get(pk=evaluator.pk)
    )
    if evaluator.user_id != getattr(actor, "pk", None):
        raise Forbidden(_("Only the evaluator can do this"))
    if evaluator.requirement.status != Requirement.Status.CLOSED:
        raise Conflict(_("The evaluation of this requirement has ended"))
    return evaluator


@audit.action
def conflict_declare(
    *, actor, evaluator: Evaluator, has_conflict: bool, details: str = ""
) -> Evaluator:
    """Declare interests once, before seeing any response; a conflict removes the
    evaluator from this evaluation."""
    evaluator = _own(actor, evaluator)
    if evaluator.declared_at is not None:
        raise Conflict(_("You have already declared your interests"))
    details = (details or "").strip()
    if has_conflict and not details:
        raise Invalid(_("Describe the conflict of interest"), field="details")
    if len(details) > MAX_JUSTIFICATION:
        raise Invalid(_("Describe it in 5,000 characters or fewer"), field="details")
    evaluator.declared_at = timezone.now()
    evaluator.has_conflict = bool(has_conflict)
    evaluator.conflict_details = details
    evaluator.save()
    audit.record(
        Verb.EVALUATOR_DECLARED,
        actor=actor,
        obj=evaluator.requirement,
        organisation=evaluator.requirement.buyer,
        payload={"evaluator": actor.pk, "conflict": evaluator.has_conflict},
    )
    return evaluator


def _response_of(requirement: Requirement, response: Response) -> Response:
    found = (
        Response.objects.filter(
            pk=response.pk, requirement=requirement, status=Response.Status.SUBMITTED
        )
        .select_related("lot")
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such response to this requirement"))
    return found


def _checked_scores(requirement, response, scores: dict) -> dict[str, tuple[int, str]]:
    """{criterion: (score, justification)} checked against the criteria and the scale;
    errors keyed by criterion."""
    rules = requirement.buyer.jurisdiction.procurement
    keys = {c.key for c in scoring.criteria(requirement, response.lot)}
    if not scores:
        raise Invalid(_("Score at least one criterion"))
    errors, checked = {}, {}
    for key, value in scores.items():
        if key not in keys:
            errors[key] = [_("There is no such criterion")]
            continue
        score, justification = value if isinstance(value, tuple | list) else (value, "")
        justification = justification.strip() if isinstance(justification, str) else ""
        if (
            not isinstance(score, int)
            or isinstance(score, bool)
            or not (rules.score_min <= score <= rules.score_max)
        ):
            errors[key] = [
                _("Score from %(low)d to %(high)d")
                % {"low": rules.score_min, "high": rules.score_max}
            ]
        elif not justification:
            errors[key] = [_("Explain the score")]
        elif len(justification) > MAX_JUSTIFICATION:
            errors[key] = [_("Explain it in 5,000 characters or fewer")]
        else:
            checked[key] = (score, justification)
    if errors:
        raise Invalid(_("Check the scores"), errors=errors)
    return checked


@audit.action
def scores_save(*, actor, evaluator: Evaluator, response: Response, scores: dict) -> Evaluator:
    """Save the evaluator's scores of some criteria of a response: {criterion: (score,
    justification)}. Refused before a declaration without conflict, and once submitted."""
    evaluator = _own(actor, evaluator)
    if not evaluator.may_score:
        raise Forbidden(_("Declare your interests, without a conflict, before you score"))
    if evaluator.submitted_at is not None:
        raise Conflict(_("You have submitted your scores: they can no longer change"))
    requirement = evaluator.requirement
    response = _response_of(requirement, response)
    checked = _checked_scores(requirement, response, scores)
    for key, (score, justification) in checked.items():
        Score.objects.update_or_create(
            evaluator=evaluator,
            response=response,
            criterion=key,
            defaults={"score": score, "justification": justification},
        )
    # Scores stay out of the trail: other evaluators may not see them before they submit.
    audit.record(
        Verb.SCORES_SAVED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"response": response.pk, "criteria": sorted(checked)},
    )
    return evaluator


def unscored(evaluator: Evaluator) -> list[tuple[int, str]]:
    """(response id, criterion) pairs the evaluator has still to score."""
    requirement = evaluator.requirement
    done = set(evaluator.scores.values_list("response_id", "criterion"))
    responses = Response.objects.filter(
        requirement=requirement, status=Response.Status.SUBMITTED
    ).select_related("lot")
    return [
        (response.pk, criterion.key)
        for response in responses
        for criterion in scoring.criteria(requirement, response.lot)
        if (response.pk, criterion.key) not in done
    ]


@audit.action
def scores_submit(*, actor, evaluator: Evaluator) -> Evaluator:
    """Submit every score; only then does the evaluator see the others'."""
    evaluator = _own(actor, evaluator)
    if not evaluator.may_score:
        raise Forbidden(_("Declare your interests, without a conflict, before you score"))
    if evaluator.submitted_at is not None:
        raise Conflict(_("You have already submitted your scores"))
    missing = unscored(evaluator)
    if missing:
        raise Invalid(
            ngettext(
                "Score every criterion of every response first: %(count)d still to score",
                "Score every criterion of every response first: %(count)d still to score",
                len(missing),
            )
            % {"count": len(missing)}
        )
    evaluator.submitted_at = timezone.now()
    evaluator.save(update_fields=["submitted_at"])
    audit.record(
        Verb.SCORES_SUBMITTED,
        actor=actor,
        obj=evaluator.requirement,
        organisation=evaluator.requirement.buyer,
        payload={"evaluator": actor.pk},
    )
    return evaluator


def scoring_evaluators(requirement: Requirement):
    return Evaluator.objects.filter(requirement=requirement, has_conflict=False)


def waiting_for(requirement: Requirement) -> list:
    """Evaluators (without a conflict) who have not submitted: moderation waits for them."""
    return list(
        scoring_evaluators(requirement).filter(submitted_at__isnull=True).select_related("user")
    )


def _checked_final(requirement, response, criterion: str, score, reason: str) -> str:
    """The reason, stripped, once the criterion, the score and the reason's length are
    right; errors keyed by field."""
    rules = requirement.buyer.jurisdiction.procurement
    if criterion not in {c.key for c in scoring.criteria(requirement, response.lot)}:
        raise Invalid(_("There is no such criterion"), field="criterion")
    if (
        not isinstance(score, int)
        or isinstance(score, bool)
        or not (rules.score_min <= score <= rules.score_max)
    ):
        raise Invalid(
            _("Score from %(low)d to %(high)d") % {"low": rules.score_min, "high": rules.score_max},
            field="score",
        )
    reason = (reason or "").strip()
    if len(reason) > MAX_JUSTIFICATION:
        raise Invalid(_("Give the reason in 5,000 characters or fewer"), field="reason")
    return reason


def _to_moderate(actor, response: Response) -> tuple[Requirement, Response]:
    """The requirement (locked) and the response, while its final scores may change: every
    evaluator has submitted, and no decision rests on its lot's ranking yet (fixed_lots)."""
    requirement = moderating(actor, response.requirement, lock=True)
    response = _response_of(requirement, response)
    if not scoring_evaluators(requirement).exists():
        raise Conflict(_("Assign evaluators before moderating"))
    if waiting_for(requirement):
        raise Conflict(_("Moderation starts when every evaluator has submitted their scores"))
    fixed = fixed_lots(requirement).get(response.lot_id)
    if fixed:
        raise Conflict(fixed)
    return requirement, response


def _given(response: Response) -> dict[str, set[int]]:
    """The scores the evaluators gave each criterion of the response."""
    given: dict[str, set[int]] = {}
    scores = Score.objects.filter(response=response, evaluator__has_conflict=False)
    for criterion, score in scores.values_list("criterion", "score"):
        given.setdefault(criterion, set()).add(score)
    return given


NEEDS_REASON = _lazy("Give a reason: the evaluators did not all give this score")


def _set_final(actor, response: Response, criterion: str, score: int, reason: str):
    return FinalScore.objects.update_or_create(
        response=response,
        criterion=criterion,
        defaults={"score": score, "reason": reason, "moderated_by": actor},
    )[0]


@audit.action
def final_score_set(
    *, actor, response: Response, criterion: str, score: int, reason: str = ""
) -> FinalScore:
    """The moderator's agreed score of a criterion, once every evaluator has submitted. A
    score that differs from any evaluator's needs a reason."""
    requirement, response = _to_moderate(actor, response)
    reason = _checked_final(requirement, response, criterion, score, reason)
    if _given(response).get(criterion, set()) != {score} and not reason:
        raise Invalid(NEEDS_REASON, field="reason")
    final = _set_final(actor, response, criterion, score, reason)
    audit.record(
        Verb.FINAL_SCORE_SET,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"response": response.pk, "criteria": [criterion]},
    )
    return final


@audit.action
def final_scores_save(*, actor, response: Response, finals: dict) -> list[FinalScore]:
    """Final scores of several criteria of a response at once ({criterion: (score,
    reason)}), as the moderation page sends them: all or none are saved, errors keyed by
    criterion."""
    requirement, response = _to_moderate(actor, response)
    if not finals:
        raise Invalid(_("Score at least one criterion"))
    given, errors, checked = _given(response), {}, {}
    for criterion, (score, typed) in finals.items():
        try:
            reason = _checked_final(requirement, response, criterion, score, typed)
        except Invalid as error:
            errors[criterion] = [str(error)]
            continue
        if given.get(criterion, set()) != {score} and not reason:
            errors[criterion] = [str(NEEDS_REASON)]
        checked[criterion] = (score, reason)
    if errors:
        raise Invalid(_("Check the final scores"), errors=errors)
    existing = {
        f.criterion: (f.score, f.reason) for f in FinalScore.objects.filter(response=response)
    }
    saved = [
        _set_final(actor, response, criterion, score, reason)
        for criterion, (score, reason) in checked.items()
        if existing.get(criterion) != (score, reason)
    ]
    if not saved:
        audit.nothing_changed()
        return saved
    audit.record(
        Verb.FINAL_SCORE_SET,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"response": response.pk, "criteria": sorted(f.criterion for f in saved)},
    )
    return saved
