"""Pages: a supplier's response to a requirement (start, answer each section, check,
submit, withdraw, change and submit again while open; read it after closing) and the list
of its responses. The buyer's pages, sealed until closing, are in responses_buyer.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.forms import NOT_RUN, submit
from openbuy.questions import interface as qs

from .. import actions, selectors
from ..actions.responses import criteria_for, ending, evidence_problems
from ..models import Response
from . import responses_buyer
from .responses_parts import ResponseStartForm, common, published


@login_required
def respond(request, pk):
    """Start a response: for which supplier and lot; or why the person's supplier may not."""
    requirement = published(request, pk)
    suppliers = list(selectors.suppliers_of(request.user).order_by("name"))
    refusals = [(s, selectors.respond_refusal(requirement, s)) for s in suppliers]
    eligible = [s for s, refusal in refusals if refusal is None]
    existing = list(selectors.responses_of_supplier(request.user).filter(requirement=requirement))
    lots = list(requirement.lots.filter(outcome=""))
    started_on = {(r.supplier_id, r.lot_id) for r in existing}
    fresh = [(s, lot) for s in eligible for lot in lots if (s.pk, lot.pk) not in started_on]
    offered, limit_reached = lots, False
    if len(eligible) == 1:
        # One supplier: offer only the lots it may still start (the action holds the rule).
        counted = [r for r in existing if r.status != Response.Status.WITHDRAWN]
        limit = requirement.max_lots_per_supplier
        limit_reached = bool(limit) and len(counted) >= limit
        offered = [] if limit_reached else [lot for _s, lot in fresh]
        fresh = fresh if offered else []
    may_start = requirement.is_open and bool(fresh)
    # Bound on every POST: with one supplier and one lot there is nothing to choose.
    data = request.POST if request.method == "POST" and may_start else None
    form = ResponseStartForm(data, suppliers=eligible, lots=offered or lots)

    def start(chosen):
        for response in existing:  # started already: carry on with it
            if (response.supplier_id, response.lot_id) == (chosen["supplier"].pk, chosen["lot"].pk):
                return response
        return actions.response_save(
            actor=request.user,
            requirement=requirement,
            supplier=chosen["supplier"],
            lot=chosen["lot"],
            submitted={},
        )

    started = submit(request, form, start)
    if started is not NOT_RUN:
        return redirect("opportunities:response", pk=requirement.pk, rpk=started.pk)
    status = 403 if requirement.is_open and not eligible and not existing else 200
    return render(
        request,
        "opportunities/responses/respond.html",
        {
            **common(requirement),
            "form": form if may_start else None,
            "suppliers": suppliers,
            "refusals": [(s, r) for s, r in refusals if r],
            "existing": existing,
            "several_lots": len(lots) > 1,
            "limit_reached": limit_reached and requirement.is_open,
        },
        status=status,
    )


def _own(request, pk, rpk) -> Response:
    """A response of the person's supplier: to anyone else it is not there."""
    return get_object_or_404(
        selectors.responses_of_supplier(request.user), pk=rpk, requirement_id=pk
    )


def _editable(response: Response) -> bool:
    return response.requirement.is_open and response.status != Response.Status.SUBMITTED


def _problems(response: Response) -> dict[str, str]:
    """What stops submitting: questions left or wrong, evidence not matching criteria."""
    document = qs.document_of(response.questions)
    requirement = response.requirement
    return {
        **qs.problems(document, response.answers, currency=requirement.currency),
        **evidence_problems(requirement, response.answers, complete=True, lot=response.lot),
    }


@login_required
def response_page(request, pk, rpk):
    """The supplier's response: its sections while it can change, the answers otherwise."""
    response = _own(request, pk, rpk)
    requirement = response.requirement
    document = qs.document_of(response.questions)
    currency = requirement.currency
    return render(
        request,
        "opportunities/responses/response.html",
        {
            **common(requirement),
            "response": response,
            "outcome": selectors.outcomes_of([response]).get(response.pk, ""),
            "editable": _editable(response),
            "is_open": requirement.is_open,
            "several_lots": requirement.lots.count() > 1,
            "sections": [
                (s, qs.section_status(document, s, response.answers, currency=currency))
                for s in document.sections
            ],
            "ready": not _problems(response),
            "summary": qs.summary(document, response.answers, currency=currency),
            "lang": document.text_lang(),
        },
    )


def _next(response: Response, document, section: str) -> str:
    slugs = [s.slug for s in document.sections]
    position = slugs.index(section)
    args = [response.requirement_id, response.pk]
    if position + 1 < len(slugs):
        return reverse("opportunities:response-section", args=[*args, slugs[position + 1]])
    return reverse("opportunities:response-check", args=args)


def _ended(form) -> str | None:
    """The set's explanation when the person said "no" where only "yes" goes on."""
    said = {
        q.id: form.data.get(q.id) == "yes"
        for q in form.section.questions
        if q.type == "boolean" and form.data.get(q.id) in {"yes", "no"}
    }
    found = ending(form.document, said)
    return found[1] if found else None


@login_required
def response_section(request, pk, rpk, section):
    """One section of the response set, saved as a draft; then the next section."""
    response = _own(request, pk, rpk)
    requirement = response.requirement
    if not _editable(response):
        messages.info(request, _("Your response cannot change now"))
        return redirect("opportunities:response", pk=pk, rpk=rpk)
    document = qs.document_of(response.questions)
    part = document.section(section)
    if part is None:
        raise Http404
    form = qs.section_form(
        document,
        section,
        currency=requirement.currency,
        answers=response.answers,
        data=request.POST or None,
    )
    saved = submit(
        request,
        form,
        lambda data: actions.response_save(
            actor=request.user,
            requirement=requirement,
            supplier=response.supplier,
            lot=response.lot,
            section=section,
            response=response,
            submitted=form.answers,
        ),
    )
    if saved is not NOT_RUN:
        return redirect(_next(response, document, section))
    ended = _ended(form) if form.is_bound else None
    context = {**common(requirement), "response": response, "section": part}
    if ended:
        return render(request, "opportunities/responses/ended.html", {**context, "reason": ended})
    criteria = [(q, criteria_for(requirement, q.id, response.lot)) for q in part.questions]
    return render(
        request,
        "opportunities/responses/section.html",
        {
            **context,
            "form": form,
            "criteria": [(q, listed) for q, listed in criteria if listed],
            "lang": document.text_lang(),
        },
    )


def _step(request, pk, rpk, page, action, done: str):
    """A step on the person's response: a page saying what will happen (`page(response,
    back)`), then on yes the action, and back to the response saying it is done."""
    response = _own(request, pk, rpk)
    back = reverse("opportunities:response", args=[pk, rpk])

    def run():
        action(actor=request.user, response=response)
        messages.success(request, done)
        return redirect(back)

    return confirm(request, lambda: page(response, back), run)


def _check_page(response: Response, back: str) -> Confirmation:
    requirement = response.requirement
    document = qs.document_of(response.questions)
    questions = document.questions
    refused = [
        _("%(question)s: %(problem)s")
        % {"question": questions[key].question if key in questions else key, "problem": text}
        for key, text in _problems(response).items()
    ]
    if not requirement.is_open:
        refused = [_("This requirement is closed to responses")]
    elif response.status == Response.Status.SUBMITTED:
        refused = [_("This response is already submitted")]
    return Confirmation(
        caption=requirement.title,
        title=_("Check your response before submitting it"),
        yes=_("Submit response"),
        back=back,
        details_template="opportunities/responses/_check.html",
        details={
            "summary": qs.summary(document, response.answers, currency=requirement.currency),
            "change_url": back + "section/",
        },
        consequences=[
            _("The buyer can read your response only after responses close at %(time)s.")
            % {"time": selectors.closing_time(requirement)},
            _("Until then you can withdraw it, change it and submit it again."),
            _("Your organisation's people get a receipt by e-mail."),
        ],
        statement=_(
            "By submitting this response you confirm that its answers are correct and "
            "that your organisation can do the work at the day rate given."
        ),
        refused=refused,
        fix=(_("Go to your response"), back),
    )


@login_required
def response_check(request, pk, rpk):
    """Check your answers, then submit (refused, saying why, when it cannot be)."""
    return _step(
        request, pk, rpk, _check_page, actions.response_submit, _("Your response is submitted")
    )


def _withdraw_page(response: Response, back: str) -> Confirmation:
    requirement = response.requirement
    refused = []
    if not requirement.is_open:
        refused = [_("This requirement is closed to responses")]
    elif response.status != Response.Status.SUBMITTED:
        refused = [_("Only a submitted response can be withdrawn")]
    return Confirmation(
        caption=requirement.title,
        title=_("Withdraw your response?"),
        yes=_("Yes, withdraw response"),
        back=back,
        consequences=[
            _("It will not be read or evaluated unless you submit it again before %(time)s.")
            % {"time": selectors.closing_time(requirement)},
            _("Your answers are kept: you can change them and submit again."),
        ],
        refused=refused,
        destructive=True,
    )


@login_required
def response_withdraw(request, pk, rpk):
    return _step(
        request,
        pk,
        rpk,
        _withdraw_page,
        actions.response_withdraw,
        _("Your response is withdrawn. You can change it now."),
    )


def _delete_page(response: Response, back: str) -> Confirmation:
    refused = []
    if response.status == Response.Status.SUBMITTED:
        refused = [_("A submitted response cannot be deleted")]
    return Confirmation(
        caption=response.requirement.title,
        title=_("Delete this response?"),
        yes=_("Yes, delete response"),
        back=back,
        consequences=[_("Its answers are deleted for everyone in your organisation.")],
        warning=_("You cannot undo this."),
        refused=refused,
        destructive=True,
    )


@login_required
def response_delete(request, pk, rpk):
    """Delete a response never submitted (or withdrawn), open or closed; then the list."""
    response = _own(request, pk, rpk)
    back = reverse("opportunities:response", args=[pk, rpk])

    def run():
        actions.response_delete(actor=request.user, response=response)
        messages.success(request, _("Your response is deleted"))
        return redirect("opportunities:your-responses")

    return confirm(request, lambda: _delete_page(response, back), run)


@login_required
def your_responses(request):
    """Every response of the suppliers the person works for."""
    responses = list(selectors.responses_of_supplier(request.user))
    outcomes = selectors.outcomes_of(responses)
    return render(
        request,
        "opportunities/responses/yours.html",
        {
            "rows": [
                (r, selectors.closing_time(r.requirement), outcomes.get(r.pk, ""))
                for r in responses
            ],
            "is_supplier": selectors.suppliers_of(request.user).exists(),
        },
    )


urlpatterns = [
    path("opportunities/your-responses/", your_responses, name="your-responses"),
    path("opportunities/<int:pk>/respond/", respond, name="respond"),
    path("opportunities/<int:pk>/respond/<int:rpk>/", response_page, name="response"),
    path(
        "opportunities/<int:pk>/respond/<int:rpk>/section/<slug:section>/",
        response_section,
        name="response-section",
    ),
    path("opportunities/<int:pk>/respond/<int:rpk>/check/", response_check, name="response-check"),
    path(
        "opportunities/<int:pk>/respond/<int:rpk>/withdraw/",
        response_withdraw,
        name="response-withdraw",
    ),
    path(
        "opportunities/<int:pk>/respond/<int:rpk>/delete/",
        response_delete,
        name="response-delete",
    ),
    *responses_buyer.urlpatterns,
]
