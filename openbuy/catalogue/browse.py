"""Searching the catalogue of live services: keywords, lot and category navigation, filters
generated from the lot's question set, facet counts, pages and highlighted matches."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openbuy.core import search
from openbuy.core.errors import Invalid
from openbuy.frameworks.content import answers as content
from openbuy.frameworks.models import Framework, Lot

from .indexing import KIND
from .models import Service

PAGE_SIZE = 30


def live_lots():
    return (
        Lot.objects.filter(framework__status=Framework.Status.LIVE, questions__isnull=False)
        .select_related("framework", "questions")
        .order_by("framework__family", "position")
    )


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
    service: Service
    title: str
    description: str
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
) -> Outcome:
    filters = clean_filters(lot, filters or {})
    questions = filter_questions(lot)
    chosen = {**filters, **({"lot": [str(lot.pk)]} if lot else {})}
    page = max(1, page)
    found = search.search(
        search.Query(
            kind=KIND,
            text=keywords,
            filters=chosen,
            facet_fields=[q.id for q in questions],
            offset=(page - 1) * page_size,
            limit=page_size,
        )
    )
    lot_counts = search.search(
        search.Query(kind=KIND, text=keywords, facet_fields=["lot"], limit=0)
    )
    return Outcome(
        hits=_hits(found.object_ids, found.stems),
        total=found.total,
        page=page,
        pages=max(1, -(-found.total // page_size)),
        filters=[_facet(q, found.facets.get(q.id, {}), filters.get(q.id, [])) for q in questions],
        lots=[{"lot": x, "count": lot_counts.facets["lot"].get(str(x.pk), 0)} for x in live_lots()],
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


def _hits(ids: list[int], stems: list[str]) -> list[Hit]:
    services = Service.objects.filter(pk__in=ids).select_related(
        "current", "lot__questions", "supplier", "framework__authority__jurisdiction"
    )
    by_id = {s.pk: s for s in services}
    hits = []
    for pk in ids:
        service = by_id.get(pk)
        if service is None:
            continue
        doc = service.lot.questions.doc
        answers = service.current.answers
        currency = service.framework.currency
        hits.append(
            Hit(
                service=service,
                title=search.text.highlight(str(answers.get(doc.title_question, "")), stems),
                description=search.text.highlight(
                    str(answers.get(doc.description_question, "")), stems
                ),
                summary=[
                    (q.question, q.display(answers.get(q.id), currency=currency))
                    for q in doc.questions.values()
                    if q.summary and q.id in answers
                ],
            )
        )
    return hits


def shortlist_header(lot: Lot) -> list[str]:
    return [
        _("Service ID"),
        _("Supplier"),
        _("Service version"),
        *content.export_header(lot.questions.doc),
    ]
