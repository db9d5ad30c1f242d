"""The public list of requirements: keywords, filters with counts and pages, through
core.search (indexing.py says what the index holds), for the list page and the API alike.

Status is read against the clock at each search: a published requirement is open until its
closing time, then closed, whether or not its closing has been recorded yet (the index
keeps each published one's closing time, see indexing.py). Each option's count is the
number of results choosing it would give with the other filters as they are: a filter's
own choice does not narrow its counts (one more search for each filter chosen), so its
options add up to what any of them finds. Each filter lists the options found for the
keywords and the jurisdiction, so choosing one never hides the others.

Results come in core.search's order: title matches first, then a hash of the id, so no
buyer is favoured by name or by when it published.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from openbuy.catalogue.browse import check_keywords
from openbuy.core import search
from openbuy.core.errors import Invalid
from openbuy.core.money import format_money
from openbuy.core.params import id_or_none
from openbuy.frameworks.models import Lot
from openbuy.questions import text
from openbuy.questions.models import QuestionSet
from openbuy.questions.selectors import question_sets

from ..indexing import (
    ANSWER,
    BUDGET_BANDS,
    KIND,
    LOCATION,
    OPEN_PROCEDURE,
    closing_of,
)
from ..models import Requirement

PAGE_SIZE = 20
SOON = datetime.timedelta(days=7)
NOTHING = ["none"]  # a filter value no document has: the filter matches nothing

STATUSES = {
    "open": gettext_lazy("Open"),
    "closed": gettext_lazy("Closed"),
    "awarded": gettext_lazy("Awarded"),
    "unsuccessful": gettext_lazy("No suitable supplier"),
    "cancelled": gettext_lazy("Cancelled"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


def last_day(moment: datetime.datetime, zone: ZoneInfo) -> datetime.date:
    """The day a deadline ends in a time zone: deadlines are the end of a day, the first
    instant of the next."""
    return timezone.localtime(moment - datetime.timedelta(microseconds=1), zone).date()


def public_status(status: str, closes_at: datetime.datetime | None, now=None) -> str:
    """A requirement's status as the public reads it: published is open until its closing
    time, and closed from then on."""
    if status == "published":
        return "open" if Requirement.open_at(status, closes_at, now or timezone.now()) else "closed"
    return status


def _matches(state: str, statuses: list[str], soon: bool, now) -> bool:
    closes = closing_of(state)
    status = public_status("published", closes, now) if closes else state
    if statuses and status not in statuses:
        return False
    return not soon or (closes is not None and now < closes <= now + SOON)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    id: str
    lang: str = ""


@dataclass
class Facet:
    name: str  # the parameter of the address
    legend: str
    options: list[Option]
    lang: str = ""  # of the legend, when the question set's and not the page's


@dataclass
class Hit:
    id: int
    href: str
    title: SafeString
    buyer: str
    lot: str
    location: str
    budget: str
    closes: str
    status: str
    status_label: str
    lang: str = ""
    # For the API: the title unmarked, the amounts and the closing time as they are.
    plain_title: str = ""
    budget_min: str | None = None
    budget_max: str | None = None
    currency: str = ""
    closes_at: datetime.datetime | None = None
    location_lang: str = ""


@dataclass
class Outcome:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: list[Facet]
    stems: list[str] = field(default_factory=list)


@dataclass
class Question:
    """A filter question, its options gathered from every version of the requirement sets
    in scope (the newest's words first)."""

    id: str
    legend: str
    lang: str
    labels: dict[str, str]


def filter_questions(jurisdiction=None) -> dict[str, Question]:
    sets = question_sets().filter(purpose=QuestionSet.Purpose.REQUIREMENT)
    if jurisdiction is not None:
        sets = sets.filter(authority__jurisdiction=jurisdiction)
    # The document is parsed once per process (QuestionSet.doc): not loaded every time.
    found: dict[str, Question] = {}
    for question_set in sets.defer("document").order_by("-created_at", "-pk"):
        doc = question_set.doc
        for question in doc.filters:
            labels = (
                {"yes": _("Yes"), "no": _("No")}
                if question.type == "boolean"
                else dict(question.labels())
            )
            known = found.setdefault(
                question.id, Question(question.id, question.label_for_filter, doc.text_lang(), {})
            )
            known.labels.update({k: v for k, v in labels.items() if k not in known.labels})
    return found


def values_of(params, name: str) -> list[str]:
    """The values chosen for a filter, from a QueryDict or a dict of lists."""
    if hasattr(params, "getlist"):
        return params.getlist(name)
    found = params.get(name) or []
    return [found] if isinstance(found, str) else list(found)


def _chosen(params, name: str, allowed, legend) -> list[str]:
    values = sorted(set(values_of(params, name)) - {""})
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise Invalid(
            _("%(value)s is not an option of %(filter)s; it may no longer exist")
            % {"value": unknown[0][:40], "filter": legend},
            field=name,
        )
    return values


def _lot_labels(ids) -> dict[str, str]:
    numbers = [n for n in map(id_or_none, ids) if n]
    labels = {
        str(lot.pk): _("%(lot)s, %(framework)s")
        % {"lot": lot.name, "framework": lot.framework.name}
        for lot in Lot.objects.filter(pk__in=numbers)
        .select_related("framework")
        .order_by("framework__name", "position", "pk")
    }
    if OPEN_PROCEDURE in ids:
        labels[OPEN_PROCEDURE] = _("Open procedure (no framework)")
    return labels


def _budget_label(value: str, currency: str | None) -> str:
    def money(amount: Decimal) -> str:
        if currency:
            return format_money(amount, currency)
        return formats.number_format(amount, force_grouping=True)

    low, high = next((lo, hi) for v, lo, hi in BUDGET_BANDS if v == value)
    if low is None:
        return _("Up to %(high)s") % {"high": money(high)}
    if high is None:
        return _("More than %(low)s") % {"low": money(low)}
    return _("%(low)s to %(high)s") % {"low": money(low), "high": money(high)}


def _options(name, labels: dict, counts: dict, selected, lang="") -> list[Option]:
    return [
        Option(v, str(label), counts.get(v, 0), v in selected, f"f-{name}-{v}", lang)
        for v, label in labels.items()
    ]


def find(
    params,
    *,
    keywords: str = "",
    jurisdiction=None,
    page: int = 1,
    page_size: int | None = None,
    answer_prefix: str = "",
) -> Outcome:
    """The requirements matching keywords and filters, in a jurisdiction (None: all).

    `params` maps each filter's name to the values chosen (a QueryDict will do): `status`,
    `closing` (`soon`), `lot` (ids, or `open-procedure`), `budget` (bands) and, with
    `answer_prefix` before their ids, the requirement sets' filter questions (`location`).
    An option that does not exist is bad input (Invalid)."""
    keywords = check_keywords(keywords)
    questions = filter_questions(jurisdiction)
    statuses = _chosen(params, "status", STATUSES, _("Status"))
    soon = _chosen(params, "closing", {"soon"}, _("Closing date")) == ["soon"]
    budgets = _chosen(params, "budget", [b[0] for b in BUDGET_BANDS], _("Budget"))
    answers = {
        q.id: _chosen(params, answer_prefix + q.id, q.labels, q.legend) for q in questions.values()
    }
    base = {"jurisdiction": [str(jurisdiction.pk)]} if jurisdiction else {}
    facet_fields = ["state", "lot", "budget", *(ANSWER + q for q in questions)]
    page, page_size = max(1, page), page_size or PAGE_SIZE

    def query(filters, paged=True, facets=None):
        return search.search(
            search.Query(
                kind=KIND,
                text=keywords,
                filters=filters,
                facet_fields=facets or facet_fields,
                offset=(page - 1) * page_size if paged else 0,
                limit=page_size if paged else 0,
            )
        )

    broad = query(base)
    lot_labels = _lot_labels(set(broad.facets["lot"]) | set(values_of(params, "lot")))
    # Any lot that exists may be chosen: one the keywords match nothing on finds nothing.
    lots = _chosen(params, "lot", lot_labels, _("Framework lot"))
    now = timezone.now()
    narrow = {**base, "lot": lots, "budget": budgets}
    narrow |= {ANSWER + k: v for k, v in answers.items()}
    if statuses or soon:
        chosen = [s for s in broad.facets["state"] if _matches(s, statuses, soon, now)]
        narrow["state"] = chosen or NOTHING
    narrow = {k: v for k, v in narrow.items() if v}
    found = broad if narrow == base else query(narrow)

    def counts(name) -> dict[str, int]:
        """A filter's counts: for each option, the results of choosing it with every other
        filter as chosen (so a chosen filter's options still add up to its results)."""
        if name not in narrow:
            return found.facets[name]
        others = {k: v for k, v in narrow.items() if k != name}
        # Counts only, of this one filter: no page of results, no other facet.
        return (broad if others == base else query(others, False, [name])).facets[name]

    # Status and closing soon both read `state`: each counts what the other lets through.
    status_counts = dict.fromkeys(STATUSES, 0)
    soon_count = 0
    for state, count in counts("state").items():
        closes = closing_of(state)
        status = public_status("published", closes, now) if closes else state
        closing_soon = closes is not None and now < closes <= now + SOON
        if closing_soon or not soon:
            status_counts[status] += count
        if closing_soon and (not statuses or status in statuses):
            soon_count += count
    currency = jurisdiction.currency if jurisdiction else None
    facets = [
        Facet("status", _("Status"), _options("status", STATUSES, status_counts, statuses)),
        Facet(
            "closing",
            _("Closing date"),
            [Option("soon", _("Closing within 7 days"), soon_count, soon, "f-closing-soon")],
        ),
        Facet("lot", _("Framework lot"), _options("lot", lot_labels, counts("lot"), lots)),
        *(
            Facet(
                answer_prefix + q.id,
                q.legend,
                _options(q.id, q.labels, counts(ANSWER + q.id), answers[q.id], q.lang),
                q.lang,
            )
            for q in questions.values()
        ),
        Facet(
            "budget",
            _("Budget (at most)"),
            _options(
                "budget",
                {v: _budget_label(v, currency) for v, _lo, _hi in BUDGET_BANDS},
                counts("budget"),
                budgets,
            ),
        ),
    ]
    location = questions.get(LOCATION)
    return Outcome(
        hits=_hits(found, lot_labels, location, now),
        total=found.total,
        page=page,
        pages=max(1, -(-found.total // page_size)),
        facets=facets,
        stems=found.stems,
    )


def _amount(value, currency: str) -> str:
    try:
        return format_money(Decimal(str(value)), currency)
    except (InvalidOperation, ValueError):
        return ""


def budget_text(low, high, currency: str) -> str:
    low, high = _amount(low, currency) if low else "", _amount(high, currency) if high else ""
    if low and high:
        return _("%(low)s to %(high)s") % {"low": low, "high": high}
    return high or low


def closing_text(status: str, closes_at: datetime.datetime, zone: ZoneInfo) -> str:
    day = formats.date_format(last_day(closes_at, zone), "j F Y")
    if status == "open":
        return _("Closes at the end of %(date)s") % {"date": day}
    if status == "withdrawn":  # it may have been withdrawn long before its closing day
        return ""
    return _("Closed at the end of %(date)s") % {"date": day}


def _hits(found, lot_labels: dict, location: Question | None, now) -> list[Hit]:
    """Results from the cards the index keeps: no requirement has to be loaded."""
    href = reverse("opportunities:requirement", args=[0]).removesuffix("0/") + "{}/"
    titles = search.text.highlight_many([c.get("title", "") for c in found.cards], found.stems)
    language = text.primary(get_language() or "en")
    locations = location.labels if location else {}
    hits = []
    for pk, card, title in zip(found.object_ids, found.cards, titles, strict=True):
        closes = datetime.datetime.fromisoformat(card["closes_at"])
        status = public_status(card["status"], closes, now)
        where = card.get("location")
        hits.append(
            Hit(
                id=pk,
                href=href.format(pk),
                title=title,
                buyer=card["buyer"],
                lot=lot_labels.get(str(card["lot"] or OPEN_PROCEDURE), ""),
                location=locations.get(where, where or "") if isinstance(where, str) else "",
                budget=budget_text(card["budget_min"], card["budget_max"], card["currency"]),
                closes=closing_text(status, closes, ZoneInfo(card["zone"])),
                status=status,
                status_label=str(STATUSES.get(status, status)),
                lang="" if text.primary(card.get("lang", "")) == language else card["lang"],
                plain_title=card.get("title", ""),
                budget_min=card["budget_min"],
                budget_max=card["budget_max"],
                currency=card["currency"],
                closes_at=closes,
                location_lang=location.lang if location else "",
            )
        )
    return hits
