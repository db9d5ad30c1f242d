"""Why a framework cannot take a lifecycle step now, in words a manager can act on.

The state machine's conditions, the actions' refusals, the API's problem details and the
pages' buttons all ask these functions, so a page never offers a step the action refuses
(short of a race, which the action's lock settles and the page then explains).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_fsm import can_proceed

from .models import Agreement, Application, DraftService

# Steps as the pages and the API name them, and the state machine's method for each.
METHODS = {
    "open": "open",
    "close": "close",
    "announce": "announce",
    "go-live": "go_live",
    "expire": "expire",
}


def standing(framework) -> str:
    """The status as it reads after "<name> is": "in standstill", not "standstill"."""
    Status = framework.Status
    return {
        Status.COMING: pgettext("framework is", "coming"),
        Status.OPEN: pgettext("framework is", "open for applications"),
        Status.PENDING: pgettext("framework is", "closed for evaluation"),
        Status.STANDSTILL: pgettext("framework is", "in standstill"),
        Status.LIVE: pgettext("framework is", "live"),
        Status.EXPIRED: pgettext("framework is", "expired"),
    }[framework.status]


def _state_refusal(framework, step: str) -> str:
    status = standing(framework)
    messages = {
        "open": _("Only a framework that is coming opens for applications; %(name)s is %(status)s"),
        "close": _(
            "Only a framework that is open for applications can close them; %(name)s is %(status)s"
        ),
        "announce": _(
            "Results are announced while applications are evaluated; %(name)s is %(status)s"
        ),
        "go-live": _("A framework goes live after its standstill; %(name)s is %(status)s"),
        "expire": _("Only a live framework can expire; %(name)s is %(status)s"),
    }
    return messages[step] % {"name": framework.name, "status": status}


def _open(framework) -> list[str]:
    reasons = []
    if framework.declaration_id is None:
        reasons.append(_("Choose the declaration questions."))
    lots = list(framework.lots.all())
    if not lots:
        reasons.append(_("Add at least one lot."))
    missing = [lot.name for lot in lots if not lot.questions_id]
    if missing:
        reasons.append(
            ngettext(
                "Choose the service questions of lot %(lots)s.",
                "Choose the service questions of lots %(lots)s.",
                len(missing),
            )
            % {"lots": ", ".join(missing)}
        )
    return reasons


def _close(framework) -> list[str]:
    """Nothing but the status: a manager may close applications before the planned day
    (the confirmation page says how early, and who has not submitted yet)."""
    return []


def closes_early(framework) -> bool:
    """Closing now would end applications before the end of the planned closing day."""
    return timezone.now() < framework.applications_close_at


def _announce(framework) -> list[str]:
    submitted = framework.applications.filter(status=Application.Status.SUBMITTED)
    declarations = submitted.filter(declaration_result="").count()
    services = DraftService.objects.filter(
        application__in=submitted, status=DraftService.Status.COMPLETE, result=""
    ).count()
    reasons = []
    if declarations:
        reasons.append(
            ngettext(
                "%(n)d submitted declaration has no result yet.",
                "%(n)d submitted declarations have no result yet.",
                declarations,
            )
            % {"n": declarations}
        )
    if services:
        reasons.append(
            ngettext(
                "%(n)d complete service has no result yet.",
                "%(n)d complete services have no result yet.",
                services,
            )
            % {"n": services}
        )
    return reasons


def _go_live(framework) -> list[str]:
    counts = Agreement.objects.filter(application__framework=framework).aggregate(
        signed=Count("pk"), waiting=Count("pk", filter=Q(countersigned_at=None))
    )
    if not counts["signed"]:
        return [_("No supplier has signed the framework agreement yet.")]
    if counts["waiting"]:
        return [
            ngettext(
                "%(n)d signed framework agreement is not countersigned yet.",
                "%(n)d signed framework agreements are not countersigned yet.",
                counts["waiting"],
            )
            % {"n": counts["waiting"]}
        ]
    return []


CONDITIONS = {
    "open": _open,
    "close": _close,
    "announce": _announce,
    "go-live": _go_live,
    "expire": lambda framework: [],
}


def conditions_refused(framework, step: str) -> list[str]:
    """What stops the step, the status aside (the state machine's condition)."""
    return CONDITIONS[step](framework)


def refusals(framework, step: str) -> list[str]:
    """Every reason the step is refused now; empty when it is allowed."""
    if not can_proceed(getattr(framework, METHODS[step]), check_conditions=False):
        return [_state_refusal(framework, step)]
    return conditions_refused(framework, step)


@dataclass
class Step:
    name: str
    label: str
    reasons: list[str]

    @property
    def allowed(self) -> bool:
        return not self.reasons


def next_steps(framework) -> list[Step]:
    """The steps the state machine offers from the framework's status, each with what
    stops it now."""
    by_method = {method: step for step, method in METHODS.items()}
    return [
        Step(
            name=by_method[t.name],
            label=str(t.custom["label"]),
            reasons=conditions_refused(framework, by_method[t.name]),
        )
        for t in framework.get_all_status_transitions()
        if t.source == framework.status
    ]
