"""Why a framework cannot take a lifecycle move now, in words a manager can act on.

Each function is one move's guard in the table of moves (moves.py): the state machine's
conditions, the actions' refusals, the API's problem details and the pages' buttons all
ask it, so a page never offers a move the action refuses (short of a race, which the
action's lock settles and the page then explains).
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .models import Agreement, Application, DraftService


def standing(framework) -> str:
    """The status as it reads after "<name> is": "in standstill", not "standstill"."""
    Status = framework.Status  # noqa: N806 (reads as the class it names)
    return {
        Status.COMING: pgettext("framework is", "coming"),
        Status.OPEN: pgettext("framework is", "open for applications"),
        Status.PENDING: pgettext("framework is", "closed for evaluation"),
        Status.STANDSTILL: pgettext("framework is", "in standstill"),
        Status.LIVE: pgettext("framework is", "live"),
        Status.EXPIRED: pgettext("framework is", "expired"),
    }[framework.status]


def open_refusals(framework) -> list[str]:
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


def close_refusals(framework) -> list[str]:
    """Nothing but the status: a manager may close applications before the planned day
    (the confirmation page says how early, and who has not submitted yet)."""
    return []


def closes_early(framework) -> bool:
    """Closing now would end applications before the end of the planned closing day."""
    return timezone.now() < framework.applications_close_at


def announce_refusals(framework) -> list[str]:
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


def go_live_refusals(framework) -> list[str]:
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


def expire_refusals(framework) -> list[str]:
    """A live framework may expire at any time."""
    return []
