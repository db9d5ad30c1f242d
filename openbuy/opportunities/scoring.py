"""How responses are scored and ranked (docs/opportunities.md, "Scoring").

Evaluators score every criterion on the jurisdiction's scale (default 0–3). Technical
criteria are the requirement's essential and nice-to-have criteria and the lot's own;
cultural fit is one criterion. Price is not scored by people: it is the lowest day rate
among the lot's ranked responses divided by this response's day rate. Each part is brought
to 0–1 and weighted by the requirement's weights, which total 100, so a total is out of 100:

    total = wT × mean(technical) + wC × cultural + wP × (lowest rate ÷ this rate)

where a score s on the scale [lo, hi] counts as (s − lo) ÷ (hi − lo). Each of the three
parts is rounded half up to hundredths and the total is their sum. Ties rank the lower
price first, then a hash of the response id, so no supplier is favoured by name."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from openbuy.core.search import tiebreak

from .models import FinalScore, Requirement, RequirementLot, Response

TECHNICAL = "technical"
CULTURAL = "cultural"
CULTURAL_KEY = "cultural"
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    key: str  # stable within a requirement: essential-1, nice-2, lot-1, cultural
    group: str  # TECHNICAL or CULTURAL
    text: str


def criteria(requirement: Requirement, lot: RequirementLot) -> list[Criterion]:
    """The criteria every response to the lot is scored on, in the order shown."""
    answers = requirement.answers
    found = [
        Criterion(f"essential-{n}", TECHNICAL, text)
        for n, text in enumerate(answers.get("essentialCriteria") or [], start=1)
    ]
    found += [
        Criterion(f"nice-{n}", TECHNICAL, text)
        for n, text in enumerate(answers.get("niceToHaveCriteria") or [], start=1)
    ]
    found += [
        Criterion(f"lot-{n}", TECHNICAL, text) for n, text in enumerate(lot.criteria or [], start=1)
    ]
    found.append(
        Criterion(CULTURAL_KEY, CULTURAL, _("Cultural fit: how the team would work with ours"))
    )
    return found


def weights(requirement: Requirement) -> dict[str, Decimal]:
    answers = requirement.answers
    return {
        TECHNICAL: Decimal(answers.get("weightTechnical") or 0),
        CULTURAL: Decimal(answers.get("weightCultural") or 0),
        "price": Decimal(answers.get("weightPrice") or 0),
    }


def price_of(response: Response) -> Decimal | None:
    rate = (response.answers or {}).get("dayRate")
    return Decimal(rate) if rate not in (None, "") else None


@dataclass
class Standing:
    response: Response
    scores: dict[str, int]
    technical: Decimal | None = None
    cultural: Decimal | None = None
    price: Decimal | None = None
    total: Decimal | None = None
    rank: int | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def _share(scores: Iterable[int], low: int, high: int) -> Decimal:
    scores = list(scores)
    if not scores:
        return Decimal(1)
    span = Decimal(high - low)
    return sum((Decimal(s - low) / span for s in scores), Decimal(0)) / len(scores)


def _hundredths(value: Decimal) -> Decimal:
    """Each part is rounded half up to hundredths alike; the total is their sum, so the
    parts shown always add up to it."""
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def rank(
    requirement: Requirement,
    lot: RequirementLot,
    responses: Iterable[Response],
    finals: dict[tuple[int, str], int],
) -> list[Standing]:
    """Standings of the lot's responses, ranked where every criterion has a final score
    and a price; the others follow, unranked, with what they lack."""
    rules = requirement.buyer.jurisdiction.procurement
    low, high = rules.score_min, rules.score_max
    wanted = criteria(requirement, lot)
    weight = weights(requirement)
    standings = []
    for response in responses:
        scores = {
            c.key: finals[(response.pk, c.key)] for c in wanted if (response.pk, c.key) in finals
        }
        missing = [c.key for c in wanted if c.key not in scores]
        if price_of(response) is None:
            missing.append("price")
        standings.append(Standing(response, scores, missing=missing))
    complete = [s for s in standings if s.complete]
    lowest = min((price_of(s.response) for s in complete), default=None)
    for s in complete:
        technical = [s.scores[c.key] for c in wanted if c.group == TECHNICAL]
        s.technical = _hundredths(weight[TECHNICAL] * _share(technical, low, high))
        s.cultural = _hundredths(weight[CULTURAL] * _share([s.scores[CULTURAL_KEY]], low, high))
        s.price = _hundredths(weight["price"] * lowest / price_of(s.response))
        s.total = s.technical + s.cultural + s.price
    complete.sort(
        key=lambda s: (-s.total, price_of(s.response), tiebreak("response", s.response.pk))
    )
    for position, s in enumerate(complete, start=1):
        s.rank = position
    return complete + [s for s in standings if not s.complete]


def ranking(requirement: Requirement, lot: RequirementLot) -> list[Standing]:
    """The ranking of a lot's submitted responses from their final scores: two queries."""
    responses = list(
        Response.objects.filter(lot=lot, status=Response.Status.SUBMITTED).select_related(
            "supplier"
        )
    )
    finals = {
        (f.response_id, f.criterion): f.score
        for f in FinalScore.objects.filter(response__lot=lot).only(
            "response_id", "criterion", "score"
        )
    }
    return rank(requirement, lot, responses, finals)
