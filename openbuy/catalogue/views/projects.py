"""Direct award: saved searches as projects, the frozen shortlist, downloads, the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.exports import download
from openbuy.core.forms import NOT_RUN, submit

from .. import actions, browse
from ..forms import OutcomeCorrectionForm, OutcomeForm, ProjectForm
from ..models import Outcome, Project
from ..selectors import buyers_of, projects_of
from .browse import parse_search


def _project(request, pk) -> Project:
    return get_object_or_404(projects_of(request.user), pk=pk)


def search_url(project: Project) -> str:
    params = [("lot", project.lot_id), ("q", project.keywords)]
    params += [(name, value) for name, values in project.filters.items() for value in values]
    return reverse("catalogue:search") + "?" + urlencode(params)


@login_required
def project_list(request):
    # Only buyers have projects, and only they may save a search as one (project_new).
    if not buyers_of(request.user).exists():
        raise PermissionDenied
    projects = projects_of(request.user)
    return render(request, "catalogue/projects.html", {"projects": projects})


@login_required
def project_new(request):
    """Save the search in the query string as a new project."""
    buyers = buyers_of(request.user)
    if not buyers.exists():
        raise PermissionDenied
    lot, keywords, filters = parse_search(request)
    form = ProjectForm(request.POST or None, buyers=buyers, initial={"buyer": buyers.first()})
    project = submit(
        request,
        form,
        lambda data: actions.project_create(
            actor=request.user,
            buyer=data["buyer"],
            name=data["name"],
            lot=lot,
            keywords=keywords,
            filters=filters,
        ),
    )
    if project is not NOT_RUN:
        messages.success(request, _("Your search is saved as a project"))
        return redirect("catalogue:project", pk=project.pk)
    return render(
        request,
        "catalogue/project_new.html",
        {"form": form, "lot": lot, "keywords": keywords, "filters": filters},
    )


@login_required
@require_POST
def project_search(request, pk):
    """Replace the project's saved search with the one on the search page."""
    project = _project(request, pk)
    _lot, keywords, filters = parse_search(request)
    saved = (project.keywords, project.filters)
    project = actions.project_search_update(
        actor=request.user, project=project, keywords=keywords, filters=filters
    )
    if (project.keywords, project.filters) == saved:
        messages.info(request, _("You did not change the search"))
    else:
        messages.success(request, _("The project's search is updated"))
    return redirect("catalogue:project", pk=project.pk)


@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    total = None if project.ended else _found(project)
    outcome = (
        Outcome.objects.filter(project=project)
        .select_related("awarded__version__service", "corrected_by")
        .first()
    )
    form = None
    if project.ended and outcome is None:
        form = OutcomeForm(request.POST or None, project=project)
        recorded = submit(
            request,
            form,
            lambda data: actions.outcome_record(actor=request.user, project=project, **data),
        )
        if recorded is not NOT_RUN:
            messages.success(request, _("The outcome is recorded"))
            return redirect("catalogue:project", pk=project.pk)
    return render(
        request,
        "catalogue/project.html",
        {
            "project": project,
            "total": total,
            "limit": actions.END_SEARCH_LIMIT,
            "end_refusal": None if project.ended else actions.end_refusal(project, total),
            "shortlist": project.shortlist.select_related("version__service__supplier"),
            "outcome": outcome,
            "form": form,
            "search_url": search_url(project),
            "filters": _described_filters(project),
        },
    )


def _described_filters(project):
    questions = {q.id: q for q in browse.filter_questions(project.lot)}
    described = []
    for name, values in project.filters.items():
        question = questions.get(name)
        if question is None:
            continue
        labels = (
            {"yes": _("Yes"), "no": _("No")} if question.type == "boolean" else question.labels()
        )
        described.append((question.label_for_filter, [labels.get(v, v) for v in values]))
    return described


@login_required
def outcome_correct(request, pk):
    """Correct an outcome recorded wrongly, saying why."""
    project = _project(request, pk)
    outcome = get_object_or_404(Outcome, project=project)
    form = OutcomeCorrectionForm(
        request.POST or None, project=project, initial=OutcomeCorrectionForm.initial_from(outcome)
    )
    corrected = submit(
        request,
        form,
        lambda data: actions.outcome_correct(actor=request.user, project=project, **data),
    )
    if corrected is not NOT_RUN:
        messages.success(request, _("The outcome is corrected"))
        return redirect("catalogue:project", pk=project.pk)
    return render(request, "catalogue/outcome_correct.html", {"project": project, "form": form})


@login_required
def project_end(request, pk):
    """Ending the search freezes the shortlist for good: a page says what will be frozen."""
    project = _project(request, pk)

    def describe() -> Confirmation:
        total = None if project.ended else _found(project)
        refusal = actions.end_refusal(project, total)
        consequences = []
        if total:
            consequences = [
                ngettext(
                    "The %(n)d service the search finds now becomes your shortlist, exactly "
                    "as it is now.",
                    "The %(n)d services the search finds now become your shortlist, exactly "
                    "as they are now.",
                    total,
                )
                % {"n": total},
                _("Later changes to those services do not change your shortlist."),
            ]
        return Confirmation(
            caption=project.name,
            title=_("End the search?"),
            yes=_("Yes, end the search"),
            back=reverse("catalogue:project", args=[project.pk]),
            consequences=consequences,
            warning=_("You cannot change the search once it has ended."),
            refused=[refusal] if refusal else [],
            fix=(_("Change the search"), f"{search_url(project)}&project={project.pk}"),
        )

    def run():
        ended = actions.project_end(actor=request.user, project=project)
        count = ended.shortlist.count()
        messages.success(
            request,
            ngettext(
                "The search has ended: %(n)d service is on the shortlist",
                "The search has ended: %(n)d services are on the shortlist",
                count,
            )
            % {"n": count},
        )
        return redirect("catalogue:project", pk=project.pk)

    return confirm(request, describe, run)


def _found(project: Project) -> int:
    _ids, total = browse.all_matching_ids(
        lot=project.lot, keywords=project.keywords, filters=project.filters, limit=0
    )
    return total


@login_required
def project_download(request, pk, file_format):
    if file_format not in {"csv", "ods"}:
        raise Http404
    project = _project(request, pk)
    actions.project_download(actor=request.user, project=project, file_format=file_format)
    return download(f"shortlist-{project.pk}", file_format, *browse.shortlist_table(project))
