"""How a requirement appears to core.search: its words, its filter values and the card a
results page shows. Drafts are never indexed.

Time alone closes a requirement (its closing time passes; the closing is recorded later,
if at all), so the index does not say "open". A published requirement's `state` value
carries its closing time (`open:<ISO time in UTC>`); the list reads those times against
the clock at each search (selectors/public.py) to tell open from closed and to find the
ones closing soon. Once closing is recorded (the `requirement_closed` hook) the state is
`closed`, and later `awarded`, `unsuccessful`, `cancelled` or `withdrawn`.
"""

import datetime
from decimal import Decimal, InvalidOperation

from openbuy.core import search
from openbuy.questions import answers as content

from .models import Requirement

KIND = "requirement"
OPEN = "open:"
OPEN_PROCEDURE = "open-procedure"
ANSWER = "answer."  # filter questions' facets: answer.<question id>
LOCATION = "location"  # the question whose answer a result shows as its place

# Budget bands, by the budget's upper end ("at most"), in the jurisdiction's currency:
# (value, lowest exclusive, highest inclusive).
BUDGET_BANDS = (
    ("up-to-20000", None, Decimal(20_000)),
    ("20000-100000", Decimal(20_000), Decimal(100_000)),
    ("100000-500000", Decimal(100_000), Decimal(500_000)),
    ("500000-1000000", Decimal(500_000), Decimal(1_000_000)),
    ("over-1000000", Decimal(1_000_000), None),
)


def budget_band(answers: dict) -> str | None:
    try:
        top = Decimal(str(answers.get("budgetMax")))
    except InvalidOperation:
        return None
    for value, low, high in BUDGET_BANDS:
        if (low is None or top > low) and (high is None or top <= high):
            return value
    return None


def state_of(requirement: Requirement) -> str:
    if requirement.status == Requirement.Status.PUBLISHED:
        return OPEN + requirement.closes_at.astimezone(datetime.UTC).isoformat()
    return str(requirement.status)


def closing_of(state: str) -> datetime.datetime | None:
    """The closing time a published requirement's state value carries, or None."""
    if not state.startswith(OPEN):
        return None
    return datetime.datetime.fromisoformat(state.removeprefix(OPEN))


def document(requirement: Requirement) -> search.Document:
    doc = requirement.questions.source
    answers = requirement.answers
    buyer, lot = requirement.buyer, requirement.lot
    facets = {
        "state": [state_of(requirement)],
        "lot": [str(lot.pk) if lot else OPEN_PROCEDURE],
        "jurisdiction": [str(buyer.jurisdiction_id)],
        **{ANSWER + k: v for k, v in content.facets(doc, answers).items()},
    }
    band = budget_band(answers)
    if band:
        facets["budget"] = [band]
    # What a result shows, so a results page needs no other query. A buyer's rename
    # indexes its requirements again (receivers.py).
    card = {
        "title": requirement.title,
        "buyer": buyer.name,
        "lot": lot.pk if lot else None,
        "location": answers.get(LOCATION),
        "budget_min": answers.get("budgetMin"),
        "budget_max": answers.get("budgetMax"),
        "currency": buyer.jurisdiction.currency,
        "zone": buyer.jurisdiction.time_zone,
        "status": str(requirement.status),
        "closes_at": requirement.closes_at.isoformat(),
        "lang": doc.language,
    }
    body = " ".join([content.search_text(doc, answers), buyer.name])
    return search.Document(
        object_id=requirement.pk, title=requirement.title, body=body, facets=facets, card=card
    )


def _public():
    return Requirement.objects.exclude(status=Requirement.Status.DRAFT).select_related(
        "buyer__jurisdiction", "lot", "questions"
    )


def all_documents():
    """Every requirement that is not a draft, as the index should hold it: the source of
    `openbuy search reindex` (registered in apps.py)."""
    return (document(r) for r in _public().iterator(chunk_size=2000))


def reindex(requirement_ids) -> None:
    """Index these requirements as they are now (in the caller's transaction); drafts and
    requirements that no longer exist leave the index."""
    ids = set(requirement_ids)
    found = list(_public().filter(pk__in=ids))
    search.remove(KIND, sorted(ids - {r.pk for r in found}))
    search.index(KIND, [document(r) for r in found])


def reindex_buyer(buyer_id: int) -> None:
    """The buyer's name is searchable text and shown on each result."""
    reindex(Requirement.objects.filter(buyer_id=buyer_id).values_list("pk", flat=True))
