"""The framework's moves (moves.py): open, close, announce results, go live, expire.

Each records its own public event, then sends its hook (hooks.py) inside the same
transaction: the catalogue publishes services when a framework goes live and withdraws
them when it expires; a receiver that refuses or fails undoes the whole move.
"""

from django.utils.translation import gettext as _

from openbuy.accounts.notify import notify
from openbuy.core import audit
from openbuy.core.errors import Conflict

from .. import hooks, moves
from ..models import Application, Framework
from ..permissions import require_manager
from ..selectors import live_iteration_replaced
from ..verbs import Verb


def transition(framework: Framework, move: str, actor) -> Framework:
    """Lock the framework and take the move, or say what stops it (the same reasons the
    pages show)."""
    framework = (
        Framework.objects.select_for_update(of=("self",))
        .select_related("authority__jurisdiction")
        .get(pk=framework.pk)
    )
    require_manager(actor, framework, _("Only the authority's framework managers can do that"))
    reasons = moves.refusals(framework, move)
    if reasons:
        raise Conflict(" ".join(reasons))
    getattr(framework, moves.MOVES[move].method)()
    framework.save()
    return framework


def _record(verb: Verb, framework: Framework, actor, payload: dict | None = None) -> None:
    audit.record(
        verb,
        actor=actor,
        obj=framework,
        organisation=framework.authority,
        public=True,
        payload=payload,
    )


@audit.action
def framework_open(*, actor, framework: Framework) -> Framework:
    framework = transition(framework, "open", actor)
    _record(Verb.FRAMEWORK_OPENED, framework, actor)
    hooks.framework_opened.send(hooks.FrameworkOpened(framework=framework, actor=actor))
    return framework


@audit.action
def framework_close(*, actor, framework: Framework) -> Framework:
    framework = transition(framework, "close", actor)
    drafts = framework.applications.filter(status=Application.Status.DRAFT).count()
    _record(Verb.FRAMEWORK_CLOSED, framework, actor, {"unsubmitted_applications": drafts})
    hooks.framework_closed.send(hooks.FrameworkClosed(framework=framework, actor=actor))
    return framework


@audit.action
def framework_announce(*, actor, framework: Framework) -> Framework:
    """Pending → standstill: results are final and every applicant is told theirs."""
    framework = transition(framework, "announce", actor)
    submitted = framework.applications.filter(status=Application.Status.SUBMITTED).select_related(
        "supplier"
    )
    for application in submitted:
        notify(
            application.supplier,
            "frameworks/email/results",
            {
                "framework": framework,
                "application": application,
                "services": application.services.select_related("lot"),
            },
        )
    _record(
        Verb.FRAMEWORK_RESULTS_ANNOUNCED,
        framework,
        actor,
        {"passed": sum(a.passed for a in submitted), "applications": len(submitted)},
    )
    hooks.results_announced.send(hooks.ResultsAnnounced(framework=framework, actor=actor))
    return framework


@audit.action
def framework_go_live(*, actor, framework: Framework) -> Framework:
    """Standstill → live once every signed agreement is countersigned. The family's current
    live iteration expires in the same step, recorded as that framework's own event."""
    replaced = live_iteration_replaced(framework).select_for_update(of=("self",)).first()
    if replaced is not None:
        replaced = _expire(replaced, actor, succeeded_by=framework)
    framework = transition(framework, "go-live", actor)
    _record(
        Verb.FRAMEWORK_LIVE, framework, actor, {"succeeded": replaced.slug if replaced else None}
    )
    hooks.framework_went_live.send(
        hooks.FrameworkWentLive(framework=framework, actor=actor, succeeded=replaced)
    )
    return framework


@audit.action
def framework_expire(*, actor, framework: Framework) -> Framework:
    return _expire(framework, actor)


def _expire(framework: Framework, actor, *, succeeded_by: Framework | None = None) -> Framework:
    framework = transition(framework, "expire", actor)
    _record(
        Verb.FRAMEWORK_EXPIRED,
        framework,
        actor,
        {"succeeded_by": succeeded_by.slug} if succeeded_by else None,
    )
    hooks.framework_expired.send(
        hooks.FrameworkExpired(framework=framework, actor=actor, succeeded_by=succeeded_by)
    )
    return framework
