"""Pages anyone can read: the list of requirements, with keywords, filters and pages, and
a requirement's own page with its history."""

import dataclasses

from django.shortcuts import get_object_or_404, render
from django.urls import path

from openbuy.core.errors import Invalid
from openbuy.core.pagination import MAX_PAGE, check_page, query_without_page, requested_page
from openbuy.core.scope import jurisdiction_scope

from .. import selectors
from .clarifications import AskForm


def requirement_list(request):
    scope = jurisdiction_scope(request)
    number = requested_page(request)
    keywords = request.GET.get("q", "")
    error = error_field = None
    try:
        outcome = selectors.find(
            request.GET,
            keywords=keywords,
            jurisdiction=scope.jurisdiction,
            page=min(number, MAX_PAGE),
        )
    except Invalid as invalid:
        error, error_field = str(invalid), next(iter(invalid.errors), None)
        # Keywords or filters that cannot be searched for find nothing, rather than
        # everything; the filters stay on the page to put the search right.
        kept = "" if error_field == "q" else keywords
        outcome = selectors.find({}, keywords=kept, jurisdiction=scope.jurisdiction)
        outcome = dataclasses.replace(outcome, hits=[], total=0, pages=1)
    else:
        check_page(request, number, outcome.pages)
    return render(
        request,
        "opportunities/public/list.html",
        {
            "keywords": keywords,
            "outcome": outcome,
            "error": error,
            "error_field": error_field,
            "query": query_without_page(request),
            "scope": scope,
        },
        status=400 if error else 200,
    )


def requirement_detail(request, pk):
    requirement = get_object_or_404(selectors.requirements_shown_to(request.user), pk=pk)
    page = selectors.page_for(requirement, request.user)
    form = AskForm(suppliers=page.asking.suppliers) if page.asking.suppliers else None
    return render(
        request,
        "opportunities/public/requirement.html",
        {"requirement": requirement, "page": page, "view": page.view, "form": form},
    )


urlpatterns = [
    path("opportunities/", requirement_list, name="list"),
    path("opportunities/<int:pk>/", requirement_detail, name="requirement"),
]
