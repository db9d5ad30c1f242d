"""The framework's moves (moves.py), each behind a page that says what will happen
(core/confirm.py). What a move does beyond frameworks (services published or leaving
search) the apps that do it say, through hooks.move_consequences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.confirm import Confirmation, confirm

from .. import guards, hooks, moves, selectors
from ..models import Framework
from ..moves import MOVES
from .manage import _managed as managed_framework


def now_in(framework: Framework) -> str:
    """Where the framework stands after a step, as a sentence (a status name alone reads
    badly after "is now": "is now standstill")."""
    Status = Framework.Status  # noqa: N806 (reads as the class it names)
    sentences = {
        Status.COMING: _("%(name)s is coming"),
        Status.OPEN: _("%(name)s is now open for applications"),
        Status.PENDING: _("Applications to %(name)s are now closed, ready for evaluation"),
        Status.STANDSTILL: _("%(name)s is now in standstill"),
        Status.LIVE: _("%(name)s is now live"),
        Status.EXPIRED: _("%(name)s has now expired"),
    }
    return sentences[framework.status] % {"name": framework.name}


def step_done(request, framework: Framework):
    """After any step: back to the framework, saying where it now stands."""
    messages.success(request, now_in(framework))
    return redirect("frameworks:detail", slug=framework.slug)


@login_required
def framework_step(request, slug, name):
    """Any move of the table, named in the address: its page, and on yes its action."""
    move = MOVES.get(name)
    if move is None:
        raise Http404
    framework = managed_framework(request, slug)
    return confirm(
        request,
        lambda: move.describe(framework),
        lambda: step_done(request, move.run(actor=request.user, framework=framework)),
    )


def step_page(framework, name, **fields) -> Confirmation:
    """The parts every move's page shares: where Cancel goes and what stops the move."""
    if not moves.status_allows(framework, name):
        # Counts, warnings and fixes of a move the status rules out would describe what
        # cannot happen ("32 applications will be closed" on a live framework).
        fields.update(consequences=[], warning="", fix=None)
    return Confirmation(
        caption=framework.name,
        back=reverse("frameworks:detail", args=[framework.slug]),
        refused=moves.refusals(framework, name),
        **fields,
    )


def elsewhere(framework, name, **question) -> list[str]:
    """What the move will do in the apps above frameworks, in their words."""
    return hooks.move_consequences.ask(
        hooks.MovePreview(framework=framework, move=name, **question)
    )


def open_page(framework) -> Confirmation:
    lots = framework.lots.count()
    edit = reverse("frameworks:edit", args=[framework.slug])
    date = formats.date_format(framework.applications_close_on, "j F Y")
    return step_page(
        framework,
        "open",
        title=_("Open %(name)s for applications?") % {"name": framework.name},
        yes=_("Yes, open for applications"),
        consequences=[
            ngettext(
                "Suppliers can apply to its %(n)d lot until the end of %(date)s.",
                "Suppliers can apply to its %(n)d lots until the end of %(date)s.",
                lots,
            )
            % {"n": lots, "date": date},
            _("Its lots and declaration questions can no longer change."),
        ],
        fix=(_("Add a lot"), reverse("frameworks:lot-new", args=[framework.slug]))
        if not lots
        else (_("Change dates and questions"), edit),
    )


def close_page(framework) -> Confirmation:
    counts = selectors.application_counts(framework)
    total = counts["submitted"] + counts["unsubmitted"]
    consequences = [
        ngettext("%(n)d application will be closed.", "%(n)d applications will be closed.", total)
        % {"n": total},
        ngettext(
            "%(n)d submitted application will be evaluated.",
            "%(n)d submitted applications will be evaluated.",
            counts["submitted"],
        )
        % {"n": counts["submitted"]},
    ]
    if counts["unsubmitted"]:
        consequences.append(
            ngettext(
                "%(n)d application was not submitted: it will not be evaluated, and its "
                "supplier can no longer submit it.",
                "%(n)d applications were not submitted: they will not be evaluated, and "
                "their suppliers can no longer submit them.",
                counts["unsubmitted"],
            )
            % {"n": counts["unsubmitted"]}
        )
    early = guards.closes_early(framework)
    if early:
        consequences.insert(
            0,
            _(
                "Applications were due to close at the end of %(date)s (%(zone)s). They "
                "close now instead, and so do clarification questions."
            )
            % {
                "date": formats.date_format(framework.applications_close_on, "j F Y"),
                "zone": framework.authority.jurisdiction.time_zone,
            },
        )
    return step_page(
        framework,
        "close",
        title=(
            _("Close applications to %(name)s now?")
            if early
            else _("Close applications to %(name)s?")
        )
        % {"name": framework.name},
        yes=_("Yes, close applications now") if early else _("Yes, close applications"),
        consequences=consequences,
        warning=_("Applications cannot open again."),
    )


def announce_page(framework) -> Confirmation:
    counts = selectors.result_counts(framework)
    return step_page(
        framework,
        "announce",
        title=_("Announce the results of %(name)s?") % {"name": framework.name},
        yes=_("Yes, announce results"),
        consequences=[
            ngettext(
                "%(n)d supplier will be told their results by e-mail.",
                "%(n)d suppliers will be told their results by e-mail.",
                counts["told"],
            )
            % {"n": counts["told"]},
            ngettext(
                "%(n)d of them passed and can sign the framework agreement.",
                "%(n)d of them passed and can sign the framework agreement.",
                counts["passed"],
            )
            % {"n": counts["passed"]},
        ],
        warning=_("Results cannot change once they are announced."),
        fix=(_("Record the results"), reverse("frameworks:applications", args=[framework.slug])),
    )


def go_live_page(framework) -> Confirmation:
    consequences = elsewhere(framework, "go-live")
    replaced = selectors.live_iteration_replaced(framework).first()
    if replaced is not None:
        consequences.append(
            _("%(name)s expires at the same moment: %(leaving)s")
            % {
                "name": replaced.name,
                "leaving": " ".join(elsewhere(replaced, "expire", succeeded_by=framework)),
            }
        )
    return step_page(
        framework,
        "go-live",
        title=_("Put %(name)s live?") % {"name": framework.name},
        yes=_("Yes, go live"),
        consequences=consequences,
        warning=_("A live framework cannot go back to standstill."),
        fix=(_("Framework agreements"), reverse("frameworks:agreements", args=[framework.slug])),
    )


def expire_page(framework) -> Confirmation:
    return step_page(
        framework,
        "expire",
        title=_("Expire %(name)s?") % {"name": framework.name},
        yes=_("Yes, expire the framework"),
        consequences=elsewhere(framework, "expire"),
        warning=_("You cannot undo this."),
        destructive=True,
    )
