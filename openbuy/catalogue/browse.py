"""Searching the catalogue of live services: keywords, lot and category navigation, filters
generated from the lot's question set, facet counts, pages and highlighted matches."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation
from openbuy.core import search
from openbuy.core.errors import Invalid
from openbuy.frameworks.content import answers as content
from openbuy.frameworks.models import Framework, Lot

from .indexing import KIND

PAGE_SIZE = 30


def live_lots() -> list[Lot]:
    """Lots of live frameworks not yet past their expiry date (time alone ends them, even
    before a manager records the expiry)."""
    lots = (
        Lot.objects.filter(framework__status=Framework.Status.LIVE, questions__isnull=False)
        .select_related("framework__authority__jurisdiction", "questions")
        .order_by("framework__family", "position")
    )
    return [lot for lot in lots if lot.framework.is_live]


def live_lot(pk, lots: list[Lot] | None = None) -> Lot | None:
    """The live lot with this id, from `lots` when the caller has already loaded them."""
    lots = live_lots() if lots is None else lots
    return next((lot for lot in lots if str(lot.pk) == str(pk)), None)


def filter_questions(lot: Lot | None) -> list:
    if lot is None:
        return []
    doc = lot.questions.doc
    category = doc.category_question
    return ([category] if category else []) + [q for q in doc.filters if q is not category]


def clean_filters(lot: Lot | None, raw: dict) -> dict[str, list[str]]:
    """Filters as {question id: [values]}; unknown questions or options are bad input."""
    raw = {k: v for k, v in raw.items() if v not in (None, "", [])}
    if raw and lot is None:
        raise Invalid(_("Choose a lot before filtering"), field="lot")
    allowed = {q.id: q for q in filter_questions(lot)}
    cleaned = {}
    for name, values in raw.items():
        values = [values] if isinstance(values, str) else list(values)
        question = allowed.get(name)
        if question is None:
            raise Invalid(_("%(name)s is not a filter of this lot") % {"name": name}, field=name)
        options = {"yes", "no"} if question.type == "boolean" else set(question.labels())
        unknown = [v for v in values if v not in options]
        if unknown:
            raise Invalid(
                _("%(value)s is not an option of %(filter)s; it may no longer exist")
                % {"value": unknown[0], "filter": question.label_for_filter},
                field=name,
            )
        cleaned[name] = sorted(set(values))
    return cleaned


@dataclass
class Hit:
    service_id: str
    title: str
    description: str
    supplier: str
    summary: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    filters: list[dict]
    lots: list[dict]
    stems: list[str]


def run(
    *,
    lot: Lot | None,
    keywords: str = "",
    filters: dict | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    lots: list[Lot] | None = None,
) -> Outcome:
    filters = clean_filters(lot, filters or {})
    questions = filter_questions(lot)
    lots = live_lots() if lots is None else lots
    # Only live lots' services are found, so an expired framework's drop out on the day.
    scope = [str(lot.pk)] if lot else [str(x.pk) for x in lots] or ["none"]
    chosen = {**filters, "lot": scope}
    page = max(1, page)
    # Within a lot, counts are for its filters; across lots, for the lots themselves.
    facet_fields = [q.id for q in questions] if lot else ["lot"]
    found = search.search(
        search.Query(
            kind=KIND,
            text=keywords,
            filters=chosen,
            facet_fields=facet_fields,
            offset=(page - 1) * page_size,
            limit=page_size,
        )
    )
    lot_counts = found.facets.get("lot") if lot is None else None
    return Outcome(
        hits=_hits(found.cards, found.stems, {x.pk: x for x in lots}),
        total=found.total,
        page=page,
        pages=max(1, -(-found.total // page_size)),
        filters=[_facet(q, found.facets.get(q.id, {}), filters.get(q.id, [])) for q in questions],
        lots=[
            {"lot": x, "count": None if lot_counts is None else lot_counts.get(str(x.pk), 0)}
            for x in lots
        ],
        stems=found.stems,
    )


def all_matching_ids(*, lot: Lot, keywords: str, filters: dict, limit: int) -> tuple[list, int]:
    found = search.search(
        search.Query(
            kind=KIND,
            text=keywords,
            filters={**clean_filters(lot, filters), "lot": [str(lot.pk)]},
            limit=limit,
        )
    )
    return found.object_ids, found.total


def _facet(question, counts: dict, selected: list) -> dict:
    if question.type == "boolean":
        options = [("yes", _("Yes")), ("no", _("No"))]
    else:
        options = [(o.value, o.label) for o in question.options]
    return {
        "question": question,
        "options": [
            {"value": v, "label": label, "count": counts.get(v, 0), "selected": v in selected}
            for v, label in options
        ],
    }


def _hits(cards: list[dict], stems: list[str], lots: dict) -> list[Hit]:
    """Results from the cards the index keeps: no service has to be loaded."""
    names = dict(
        Organisation.objects.filter(pk__in={c.get("supplier") for c in cards}).values_list(
            "pk", "name"
        )
    )
    hits = []
    for card in cards:
        lot = lots.get(card.get("lot"))
        if lot is None:
            continue
        doc = lot.questions.doc
        currency = lot.framework.currency
        summary = [
            (doc.questions[k].question, doc.questions[k].display(v, currency=currency))
            for k, v in card.get("summary", {}).items()
            if k in doc.questions
        ]
        hits.append(
            Hit(
                service_id=card["service_id"],
                title=search.text.highlight(card.get("title", ""), stems),
                description=search.text.highlight(card.get("description", ""), stems),
                supplier=names.get(card.get("supplier"), ""),
                summary=summary,
            )
        )
    return hits


def shortlist_table(project) -> tuple[list[str], list[list]]:
    """The frozen shortlist as a header and rows: one column per question of the lot."""
    doc = project.lot.questions.doc
    currency = project.lot.framework.currency
    header = [
        _("Service ID"),
        _("Supplier"),
        _("Service version"),
        *content.export_header(doc),
    ]
    rows = [
        [
            entry.version.service.service_id,
            entry.version.service.supplier.name,
            entry.version.number,
            *content.export_row(doc, entry.version.answers, currency=currency),
        ]
        for entry in project.shortlist.select_related("version__service__supplier")
    ]
    return header, rows
