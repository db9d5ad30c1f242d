"""Which suppliers may ask about and respond to a requirement.

On a framework lot: a supplier with a live service on that lot (for a specialists lot, one
offering the requirement's role). In an open procedure: any supplier of the buyer's
jurisdiction. Invite-only narrows either to the invited suppliers and to those whose live
service shows the invited category."""

from django.db.models import QuerySet

from openbuy.accounts.models import Organisation
from openbuy.catalogue.models import Service

from ..models import Requirement

# The lot question that lists a specialist's roles (dos-specialists.json).
ROLES_QUESTION = "roles"


def _shows(answers: dict, question: str, value) -> bool:
    """An answer shows a value when it is the value or a list holding it. Read in Python:
    SQLite has no JSON containment lookup, and a lot's live services are few."""
    answer = (answers or {}).get(question)
    return answer == value or (isinstance(answer, list) and value in answer)


def _live_services(requirement: Requirement, supplier=None) -> list[tuple[int, int, dict]]:
    """(service id, supplier id, answers) of the live services that can respond (one
    supplier's, when given: a check of one supplier reads only its own)."""
    services = Service.objects.filter(status=Service.Status.PUBLISHED, framework__status="live")
    if supplier is not None:
        services = services.filter(supplier=supplier)
    if requirement.lot_id is not None:
        services = services.filter(lot_id=requirement.lot_id)
    else:
        services = services.filter(supplier__jurisdiction_id=requirement.buyer.jurisdiction_id)
    found = services.order_by("pk").values_list("pk", "supplier_id", "current__answers")
    if requirement.specialist_role:
        return [s for s in found if _shows(s[2], ROLES_QUESTION, requirement.specialist_role)]
    return list(found)


def eligible_suppliers(requirement: Requirement, supplier=None) -> QuerySet[Organisation]:
    """The suppliers that may respond (of one supplier, that one if it may)."""
    suppliers = Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER, jurisdiction_id=requirement.buyer.jurisdiction_id
    )
    if supplier is not None:
        suppliers = suppliers.filter(pk=supplier.pk)
    services = None
    if requirement.lot_id is not None:
        services = _live_services(requirement, supplier)
        suppliers = suppliers.filter(pk__in={owner for _s, owner, _a in services})
    if requirement.invite_only:
        invited = set(requirement.invited_suppliers.values_list("pk", flat=True))
        category = requirement.invited_category or {}
        if category:
            if services is None:
                services = _live_services(requirement, supplier)
            invited |= {
                owner
                for _s, owner, answers in services
                if all(_shows(answers, q, v) for q, v in category.items())
            }
        suppliers = suppliers.filter(pk__in=invited)
    return suppliers.order_by("name", "pk")


def is_eligible(requirement: Requirement, supplier: Organisation) -> bool:
    return eligible_suppliers(requirement, supplier).exists()


def service_for(requirement: Requirement, supplier: Organisation) -> Service | None:
    """The supplier's live service on the requirement's lot (its first, when it has
    several): its catalogue rate caps a response's day rate. None in an open procedure."""
    if requirement.lot_id is None:
        return None
    ids = [s for s, _owner, _a in _live_services(requirement, supplier)]
    if not ids:
        return None
    return Service.objects.select_related("current").get(pk=ids[0])
