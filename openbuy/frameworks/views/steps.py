"""The framework's lifecycle steps up to results, each behind a page that says what will
happen (core/confirm.py). Going live and expiry, which change the catalogue, have theirs
in catalogue/views/lifecycle.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.confirm import Confirmation, confirm

from .. import actions, guards, selectors
from ..models import Framework
from .manage import _managed as managed_framework


def now_in(framework: Framework) -> str:
    """Where the framework stands after a step, as a sentence (a status name alone reads
    badly after "is now": "is now standstill")."""
    Status = Framework.Status
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


def step_view(steps: dict):
    """A view for lifecycle steps: {step: (action, describe)}, the step named in the address."""

    @login_required
    def view(request, slug, name):
        framework = managed_framework(request, slug)
        action, describe = steps[name]
        return confirm(
            request,
            lambda: describe(framework),
            lambda: step_done(request, action(actor=request.user, framework=framework)),
        )

    return view


def step_page(framework, name, **fields) -> Confirmation:
    """The parts every step's page shares: where Cancel goes and what stops the step."""
    return Confirmation(
        caption=framework.name,
        back=reverse("frameworks:detail", args=[framework.slug]),
        refused=guards.refusals(framework, name),
        **fields,
    )


def _open(framework) -> Confirmation:
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


def _close(framework) -> Confirmation:
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


def _announce(framework) -> Confirmation:
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


framework_step = step_view(
    {
        "open": (actions.framework_open, _open),
        "close": (actions.framework_close, _close),
        "announce": (actions.framework_announce, _announce),
    }
)
