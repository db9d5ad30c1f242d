"""Recording that a requirement closed. Time alone closes a requirement (`is_open` reads
the clock); this records the fact, with the number of responses, as a public event: the
worker does it for each requirement past its closing time, and evaluation does it first
if the worker has not yet."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openbuy.core import audit
from openbuy.core.actors import SYSTEM
from openbuy.core.errors import Conflict

from .. import hooks
from ..models import Requirement, Response
from ..verbs import Verb


def _record_close(actor, requirement: Requirement) -> Requirement:
    requirement.close()
    requirement.save(update_fields=["status", "closed_at", "updated_at"])
    count = Response.objects.filter(
        requirement=requirement, status=Response.Status.SUBMITTED
    ).count()
    audit.record(
        Verb.REQUIREMENT_CLOSED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"responses": count, "closes_at": requirement.closes_at.isoformat()},
        public=True,
    )
    hooks.requirement_closed.send(
        hooks.RequirementClosed(requirement=requirement, actor=actor, responses=count)
    )
    return requirement


@audit.action
def requirement_close(*, actor=SYSTEM, requirement: Requirement) -> Requirement:
    """Record the close of a requirement whose closing time has passed (once)."""
    requirement = (
        Requirement.objects.select_for_update(of=("self",))
        .select_related("buyer__jurisdiction")
        .get(pk=requirement.pk)
    )
    if requirement.status != Requirement.Status.PUBLISHED:
        audit.nothing_changed()
        return requirement
    if timezone.now() < requirement.closes_at:
        raise Conflict(_("The requirement is still open to responses"))
    return _record_close(actor, requirement)


def closed(requirement: Requirement) -> Requirement:
    """The requirement with its close recorded if its time has passed: the first step of
    anything that happens after closing. Refuses while it is open."""
    if requirement.status == Requirement.Status.PUBLISHED:
        return requirement_close(actor=SYSTEM, requirement=requirement)
    return requirement


def due() -> list[int]:
    """Published requirements past their closing time whose close is not yet recorded."""
    return list(
        Requirement.objects.filter(
            Q(status=Requirement.Status.PUBLISHED) & Q(closes_at__lte=timezone.now())
        ).values_list("pk", flat=True)
    )
