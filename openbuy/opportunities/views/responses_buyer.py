"""Pages: the responses to a requirement, for its buyer team. Sealed until closing: before
then the page says only how many are submitted; after, the team members who may read
responses list them, read each and download them all (CSV or ODS)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from openbuy.core.exports import download
from openbuy.questions import interface as qs

from .. import actions, selectors
from ..permissions import Permission, may
from .responses_parts import common, published


@login_required
def responses(request, pk):
    """How many responses are submitted; after closing, the responses themselves for the
    team members who may read them."""
    requirement = published(request, pk)
    readable = list(selectors.responses_for_buyer(request.user, requirement))
    return render(
        request,
        "opportunities/responses/buyer_list.html",
        {
            **common(requirement),
            "count": selectors.response_count(requirement),
            "closed": selectors.has_closed(requirement),
            "may_read": may(request.user, requirement, Permission.READ_RESPONSES),
            "responses": readable,
            "several_lots": requirement.lots.count() > 1,
        },
    )


@login_required
def response_read(request, pk, rpk):
    """One response, for a team member who may read it, after closing: 404 before."""
    requirement = published(request, pk)
    response = get_object_or_404(selectors.responses_for_buyer(request.user, requirement), pk=rpk)
    document = qs.document_of(response.questions)
    return render(
        request,
        "opportunities/responses/buyer_read.html",
        {
            **common(requirement),
            "response": response,
            "summary": qs.summary(document, response.answers, currency=requirement.currency),
        },
    )


@login_required
def responses_export(request, pk, file_format):
    if file_format not in {"csv", "ods"}:
        raise Http404
    requirement = published(request, pk)
    found = actions.responses_download(
        actor=request.user, requirement=requirement, file_format=file_format
    )
    header, rows = selectors.export_table(requirement, found)
    return download(f"responses-{requirement.pk}", file_format, header, rows)


urlpatterns = [
    path("opportunities/<int:pk>/responses/", responses, name="responses"),
    path("opportunities/<int:pk>/responses/<int:rpk>/", response_read, name="response-read"),
    path(
        "opportunities/<int:pk>/responses/export.<str:file_format>",
        responses_export,
        name="responses-export",
    ),
]
