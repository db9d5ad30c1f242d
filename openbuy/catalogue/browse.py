"""Searching the catalogue of live services: keywords, lot and category navigation, filters
generated from the lot's question set, facet counts, pages and highlighted matches."""

import html
import json
import time
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from openbuy.core import search
from openbuy.core.bounded import Bounded
from openbuy.core.errors import Invalid
from openbuy.frameworks.models import Framework, Lot
from openbuy.questions import answers as content

from .indexing import KIND

PAGE_SIZE = 30
KEYWORDS_LIMIT = 500


# Every search page needs the live lots. A process keeps them while the live frameworks and
# their expiry dates stay the same (one small query tells), and at most this many seconds,
# so that an edit made outside the actions (a jurisdiction's currency) shows soon after.
LIVE_LOTS_MAX_AGE = 60
_live_lots_cache: tuple | None = None  # (live frameworks and dates, when loaded, lots)


def live_lots() -> list[Lot]:
    """Lots of live frameworks not yet past their expiry date (time alone ends them, even
    before a manager records the expiry)."""
    global _live_lots_cache
    if connection.in_atomic_block:
        # What this transaction sees may yet roll back: never keep it.
        lots = _load_live_lots()
    else:
        frameworks = tuple(
            Framework.objects.filter(status=Framework.Status.LIVE)
            .order_by("pk")
            .values_list("pk", "expires_on")
        )
        cached, now = _live_lots_cache, time.monotonic()
        if cached and cached[0] == frameworks and now - cached[1] < LIVE_LOTS_MAX_AGE:
            lots = cached[2]
        else:
            lots = _load_live_lots()
            _live_lots_cache = (frameworks, now, lots)
    return [lot for lot in lots if lot.framework.is_live]


def _load_live_lots() -> list[Lot]:
    return list(
        Lot.objects.filter(framework__status=Framework.Status.LIVE, questions__isnull=False)
        .select_related("framework__authority__jurisdiction", "questions")
        .order_by("framework__family", "position")
        # Only what navigation, filters and cards use (the question set's document is
        # parsed once per process and loaded only then).
        .only(*LOT_FIELDS)
    )


LOT_FIELDS = [
    "name",
    "slug",
    "position",
    "framework__name",
    "framework__slug",
    "framework__family",
    "framework__status",
    "framework__expires_on",
    "framework__authority__jurisdiction__currency",
    "framework__authority__jurisdiction__time_zone",
    "questions__created_at",
]


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
    for name, given in raw.items():
        values = [given] if isinstance(given, str) else list(given)
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


def check_keywords(keywords: str, field: str = "q") -> str:
    """Keywords as typed, or Invalid: a word too long to be searched for is never silently
    left out (which would find everything)."""
    keywords = (keywords or "").strip()
    if len(keywords) > KEYWORDS_LIMIT:
        raise Invalid(
            ngettext(
                "Enter keywords of %(limit)d character or fewer",
                "Enter keywords of %(limit)d characters or fewer",
                KEYWORDS_LIMIT,
            )
            % {"limit": KEYWORDS_LIMIT},
            field=field,
        )
    long = search.text.long_words(keywords)
    if long:
        raise Invalid(
            ngettext(
                "Each search word must be %(limit)d character or fewer. Shorten or remove "
                "the word that starts “%(start)s”.",
                "Each search word must be %(limit)d characters or fewer. Shorten or remove "
                "the word that starts “%(start)s”.",
                search.text.LONGEST,
            )
            % {"limit": search.text.LONGEST, "start": long[0][:20]},
            field=field,
        )
    return keywords


@dataclass
class Hit:
    service_id: str
    href: str
    title: str
    description: str
    supplier: str
    summary: SafeString
    lang: str = ""  # the title's and description's, when not the page's


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
    keywords = check_keywords(keywords)
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
        filters=[
            _facet(
                q, found.facets.get(q.id, {}), filters.get(q.id, []), lot.questions.doc.text_lang()
            )
            for q in questions
        ],
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
            text=check_keywords(keywords),
            filters={**clean_filters(lot, filters), "lot": [str(lot.pk)]},
            limit=limit,
        )
    )
    return found.object_ids, found.total


def _facet(question, counts: dict, selected: list, lang: str = "") -> dict:
    if question.type == "boolean":
        options = [("yes", _("Yes")), ("no", _("No"))]
    else:
        options = [(o.value, o.label) for o in question.options]
    return {
        "question": question,
        "name": question.id,
        "legend": question.label_for_filter,
        "lang": lang,
        "options": [
            {
                "value": v,
                "label": label,
                "count": counts.get(v, 0),
                "selected": v in selected,
                "id": f"f-{question.id}-{v}",
            }
            for v, label in options
        ],
    }


def _hits(cards: list[dict], stems: list[str], lots: dict) -> list[Hit]:
    """Results from the cards the index keeps: no service has to be loaded."""
    cards = [card for card in cards if card.get("lot") in lots]
    # One reverse() for the page, not one per result: the id is the address's last part.
    href = reverse("catalogue:service", args=["0"]).removesuffix("0/") + "{}/"
    language = get_language()
    marked = search.text.highlight_many(
        [text for card in cards for text in (card.get("title", ""), card.get("description", ""))],
        stems,
    )
    hits = []
    for n, card in enumerate(cards):
        lot = lots[card["lot"]]
        doc = lot.questions.doc
        lang = doc.lang()
        summary = [
            (
                doc.questions[k].question,
                _display(lot, doc.questions[k], json.dumps(v, sort_keys=True), language, lang),
            )
            for k, v in card.get("summary", {}).items()
            if k in doc.questions
        ]
        hits.append(
            Hit(
                service_id=card["service_id"],
                href=href.format(card["service_id"]),
                title=marked[2 * n],
                description=marked[2 * n + 1],
                supplier=card["supplier_name"],
                summary=_summary_list(summary, doc.text_lang()),
                lang=lang,
            )
        )
    return hits


def _summary_list(rows: list[tuple[str, str]], lang: str = "") -> SafeString:
    """The summary answers as a GOV.UK list. Made here, not by a loop in the template: a
    template loop inside each of 30 results costs more than the search itself. The
    questions keep the question set's language (lang) on a page in another; the answers
    come as HTML, marked already (_display)."""
    open_label = f'<span lang="{html.escape(lang)}">' if lang else ""
    close_label = "</span>" if lang else ""
    items = "".join(
        f"<li>{open_label}{html.escape(label)}{close_label}: {value}</li>" for label, value in rows
    )
    return mark_safe(f'<ul class="govuk-list govuk-body-s">{items}</ul>' if items else "")  # noqa: S308 - escaped above


_DISPLAYED: Bounded[tuple, str] = Bounded(20_000)


def _display(lot: Lot, question, value: str, language: str, lang: str) -> str:
    """A summary answer as HTML (options and suppliers' words marked with the set's
    language, lang), kept per process: the same prices recur across results, and
    formatting money for the language is the slow part of a results page."""
    key = (lot.questions_id, question.id, value, lot.framework.currency, language, lang)

    def shown() -> str:
        lines = question.display_html(json.loads(value), currency=lot.framework.currency, lang=lang)
        return ("; " if question.type == "list" else ", ").join(lines)

    return _DISPLAYED.get_or_make(key, shown)


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
