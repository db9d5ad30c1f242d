"""The public catalogue: search and service pages."""

import dataclasses

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openbuy.accounts.permissions import supplier_roles
from openbuy.core.errors import Invalid, NotFound
from openbuy.core.pagination import MAX_PAGE, check_page, query_without_page, requested_page
from openbuy.core.params import id_or_none
from openbuy.core.scope import jurisdiction_scope
from openbuy.frameworks.permissions import manages
from openbuy.questions import answers as content

from .. import browse
from ..selectors import (
    buyers_of,
    projects_of,
    sees_status_reason,
    service_histories_visible_to,
    services_visible_to,
)


class NoSuchLot(NotFound):
    title = gettext_lazy("There is no such lot")

    def __init__(self, value: str):
        super().__init__(
            _(
                "No lot of a live framework has the id “%(lot)s”. The framework may have "
                "expired since the link was made."
            )
            % {"lot": value[:20]}
        )
        self.link = {"url": reverse("catalogue:search"), "text": _("Search every lot")}


def parse_search(request):
    """Lot, keywords and filters from the query string: ?lot=ID&q=...&<question id>=value.
    A lot is found whatever the jurisdiction shown, so a shared address always works; one
    that names no live lot is a 404, never quietly the list of every lot."""
    raw_lot = request.GET.get("lot", "")
    lot_id = id_or_none(raw_lot)
    lot = browse.live_lot(lot_id, _live_lots(request)) if lot_id else None
    if raw_lot and lot is None:
        raise NoSuchLot(raw_lot)
    keywords = request.GET.get("q", "")
    filters = {}
    for question in browse.filter_questions(lot):
        values = request.GET.getlist(question.id)
        if values:
            filters[question.id] = values
    return lot, keywords, filters


def search(request):
    lot, keywords, filters = parse_search(request)
    scope = jurisdiction_scope(request)
    if lot is not None and not scope.includes(lot.framework.authority.jurisdiction_id):
        scope = dataclasses.replace(scope, jurisdiction=lot.framework.authority.jurisdiction)
    lots = [x for x in _live_lots(request) if scope.includes(x.framework.authority.jurisdiction_id)]
    number = requested_page(request)
    error = error_field = None
    try:
        outcome = browse.run(
            lot=lot,
            keywords=keywords,
            filters=filters,
            page=min(number, MAX_PAGE),
            lots=lots,
        )
    except Invalid as invalid:
        error, error_field = str(invalid), next(iter(invalid.errors), None)
        # Keywords or filters that cannot be searched for find nothing, rather than
        # everything; the lot's filters stay on the page to put the search right.
        kept = {} if error_field == "q" else {"keywords": keywords}
        outcome = browse.run(lot=lot, page=1, lots=lots, **kept)
        outcome = dataclasses.replace(outcome, hits=[], total=0, pages=1)
    else:
        check_page(request, number, outcome.pages)
    project = None
    project_id = id_or_none(request.GET.get("project"))
    if request.user.is_authenticated and project_id:
        project = projects_of(request.user).filter(pk=project_id, ended_at__isnull=True).first()
    return render(
        request,
        "catalogue/search.html",
        {
            "lot": lot,
            "keywords": keywords,
            "outcome": outcome,
            "error": error,
            "error_field": error_field,
            "query": query_without_page(request),
            "project": project,
            # Only buyers may save a search as a project (the same test as the project pages).
            "buys": request.user.is_authenticated and buyers_of(request.user).exists(),
            "category": lot.questions.doc.category_question if lot else None,
            "scope": scope,
            # Lots of two frameworks can share a name: each is then named with its own.
            "several_frameworks": len({x.framework_id for x in lots}) > 1,
        },
        status=400 if error else 200,
    )


def _live_lots(request) -> list:
    """Loaded once per request: the search page needs them to read the address and again to
    list the lots."""
    if not hasattr(request, "_live_lots"):
        request._live_lots = browse.live_lots()
    return request._live_lots


def service_detail(request, service_id):
    service = get_object_or_404(
        services_visible_to(request.user)
        .select_related(
            "current", "lot__questions", "supplier", "framework__authority__jurisdiction"
        )
        # The question set's document is parsed once per process (QuestionSet.doc), and
        # decoding it on every request cost more than the rest of the query.
        .defer("lot__questions__document"),
        service_id=service_id,
    )
    # One read of the person's roles in the supplier: its people edit, its admins remove.
    is_supplier, is_admin = supplier_roles(request.user, service.supplier)
    managing = manages(request.user, service.framework)
    doc = service.lot.questions.doc
    return render(
        request,
        "catalogue/service.html",
        {
            "service": service,
            "is_supplier": is_supplier,
            "can_remove": is_admin,
            "managing": managing,
            "sees_reason": sees_status_reason(request.user, service),
            "summary": content.summary(
                doc, service.current.answers, currency=service.framework.currency
            ),
            # Suppliers write in the question set's language (docs/question-sets.md).
            "lang": doc.lang(),
            "unapproved": (is_supplier or managing)
            and service.versions.filter(approved_at__isnull=True).exists(),
        },
    )


@login_required  # anonymous visitors are asked to sign in, as elsewhere
def versions(request, service_id):
    service = get_object_or_404(
        service_histories_visible_to(request.user).select_related(
            "framework__authority", "supplier"
        ),
        service_id=service_id,
    )
    return render(
        request,
        "catalogue/versions.html",
        {
            "service": service,
            "versions": service.versions.select_related("created_by"),
            "managing": manages(request.user, service.framework),
        },
    )


@login_required
def version_diff(request, service_id, number):
    service = get_object_or_404(
        service_histories_visible_to(request.user).select_related(
            "framework__authority", "supplier", "lot__questions"
        ),
        service_id=service_id,
    )
    version = get_object_or_404(service.versions, number=number)
    before = service.versions.filter(number__lt=number).order_by("-number").first()
    doc = service.lot.questions.doc
    currency, lang = service.framework.currency, doc.lang()
    rows = [
        {
            "question": q,
            "before": q.display_html(before.answers.get(q.id), currency=currency, lang=lang)
            if before
            else [],
            "after": q.display_html(version.answers.get(q.id), currency=currency, lang=lang),
        }
        for q in doc.questions.values()
        if (before.answers.get(q.id) if before else None) != version.answers.get(q.id)
    ]
    return render(
        request,
        "catalogue/version_diff.html",
        {
            "service": service,
            "version": version,
            "before": before,
            "rows": rows,
            "doc": doc,
            "managing": manages(request.user, service.framework),
            "back": reverse("catalogue:versions", args=[service.service_id]),
            "lang": lang,
        },
    )
