"""Buyers shape a draft requirement: start from an earlier one, divide it into lots, say why
it is divided as it is, and choose who can respond."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.models import Organisation
from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid, NotFound
from openbuy.core.money import MoneyError, parse_amount
from openbuy.frameworks.models import Lot
from openbuy.questions import interface as qs

from ..models import Requirement, RequirementLot
from ..permissions import Permission
from ..selectors.drafting import audience_candidates, category_choices
from ..verbs import Verb
from .requirements import _require_buyer, _require_draft, locked, requirement_create

MAX_LOTS = 20
MAX_CRITERIA = 30
CRITERION_LENGTH = 1000
TITLE_LENGTH = 200
TEXT_LENGTH = 5000

# requirement_copy's lot when the caller names none: the earlier requirement's own.
SAME_LOT = object()


def _draft(actor, requirement: Requirement) -> Requirement:
    requirement = locked(requirement, actor, Permission.DRAFT)
    _require_draft(requirement)
    return requirement


def _record(verb, actor, requirement: Requirement, payload: dict) -> None:
    audit.record(
        verb, actor=actor, obj=requirement, organisation=requirement.buyer, payload=payload
    )


def _copied_answers(document, answers: dict, currency: str) -> dict:
    """The earlier answers this version of the questions still takes, each still valid."""
    checked = qs.check(document, qs.copyable(document, answers), currency=currency)
    return checked.answers


@audit.action
def requirement_copy(
    *, actor, source: Requirement, lot: Lot | None = SAME_LOT, specialist_role: str | None = None
) -> Requirement:
    """A new draft started from an earlier requirement of the same buyer body: its answers,
    checklist answers, lots and who can respond, on the same lot unless another is named."""
    source = Requirement.objects.select_related("buyer", "lot").get(pk=source.pk)
    _require_buyer(actor, source.buyer)
    same_lot = lot is SAME_LOT or (lot is not None and lot.pk == source.lot_id)
    if lot is SAME_LOT:
        lot = source.lot
    if specialist_role is None:
        specialist_role = source.specialist_role if same_lot else ""
    draft = requirement_create(
        actor=actor, buyer=source.buyer, lot=lot, specialist_role=specialist_role
    )
    currency = draft.currency
    draft.answers = _copied_answers(draft.questions.doc, source.answers, currency)
    draft.checklist_answers = _copied_answers(
        draft.checklist.doc, source.checklist_answers, currency
    )
    draft.copied_from = source
    draft.invite_only = source.invite_only
    draft.invited_category = source.invited_category if same_lot else {}
    draft.max_lots_per_supplier = source.max_lots_per_supplier
    draft.save()
    draft.invited_suppliers.set(source.invited_suppliers.all())
    earlier = list(source.lots.order_by("number"))
    for number, old in enumerate(earlier, start=1):
        fields = {
            "title": old.title,
            "description": old.description,
            "value": old.value,
            "criteria": list(old.criteria),
        }
        RequirementLot.objects.update_or_create(requirement=draft, number=number, defaults=fields)
    _record(
        Verb.REQUIREMENT_COPIED,
        actor,
        draft,
        {"from": source.pk, "lots": len(earlier), "questions": sorted(draft.answers)},
    )
    return draft


@audit.action
def requirement_delete(*, actor, requirement: Requirement) -> None:
    """Delete a draft that will not be published: its lots and team go with it. Once
    published a requirement is part of the public record: withdraw or cancel it instead."""
    requirement = _draft(actor, requirement)
    _record(Verb.REQUIREMENT_DELETED, actor, requirement, {"title": requirement.title})
    requirement.delete()


def _checked_lot(requirement: Requirement, titled: bool, title, description, value, criteria):
    """The lot's fields as they will be kept; Invalid names each field that is wrong."""
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    description = (description or "").strip()
    if titled and not title:
        errors["title"] = [_("Enter the lot's title")]
    elif len(title) > TITLE_LENGTH:
        errors["title"] = [
            ngettext(
                "The title must be %(n)d character or fewer",
                "The title must be %(n)d characters or fewer",
                TITLE_LENGTH,
            )
            % {"n": TITLE_LENGTH}
        ]
    if len(description) > TEXT_LENGTH:
        errors["description"] = [
            ngettext(
                "The description must be %(n)s character or fewer",
                "The description must be %(n)s characters or fewer",
                TEXT_LENGTH,
            )
            % {"n": f"{TEXT_LENGTH:,}"}
        ]
    amount = value
    if isinstance(value, str):
        amount = None
        if value.strip():
            try:
                amount = parse_amount(value, requirement.currency)
            except MoneyError as error:
                errors["value"] = [str(error)]
    elif value is not None and (not isinstance(value, Decimal) or value < 0):
        errors["value"] = [_("Enter the lot's value as an amount, like 25,000")]
    lines = [str(line).strip() for line in (criteria or []) if str(line).strip()]
    if len(lines) > MAX_CRITERIA:
        errors["criteria"] = [_("Give %(n)d criteria or fewer for one lot") % {"n": MAX_CRITERIA}]
    elif any(len(line) > CRITERION_LENGTH for line in lines):
        errors["criteria"] = [
            ngettext(
                "Each criterion must be %(n)s character or fewer",
                "Each criterion must be %(n)s characters or fewer",
                CRITERION_LENGTH,
            )
            % {"n": f"{CRITERION_LENGTH:,}"}
        ]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    return {"title": title, "description": description, "value": amount, "criteria": lines}


def _lot_of(requirement: Requirement, lot: RequirementLot) -> RequirementLot:
    found = RequirementLot.objects.filter(requirement=requirement, pk=lot.pk).first()
    if found is None:
        raise NotFound(_("There is no such lot of this requirement"))
    return found


@audit.action
def lot_add(
    *, actor, requirement: Requirement, title: str, description="", value=None, criteria=()
) -> RequirementLot:
    """Divide a draft into one more lot, numbered after the highest so far."""
    requirement = _draft(actor, requirement)
    numbers = list(requirement.lots.values_list("number", flat=True))
    if len(numbers) >= MAX_LOTS:
        raise Conflict(
            ngettext(
                "A requirement can have at most %(n)d lot",
                "A requirement can have at most %(n)d lots",
                MAX_LOTS,
            )
            % {"n": MAX_LOTS}
        )
    fields = _checked_lot(requirement, True, title, description, value, criteria)
    lot = RequirementLot.objects.create(
        requirement=requirement, number=max(numbers, default=0) + 1, **fields
    )
    _record(Verb.REQUIREMENT_LOT_ADDED, actor, requirement, {"lot": lot.number, "title": lot.title})
    return lot


@audit.action
def lot_save(
    *,
    actor,
    requirement: Requirement,
    lot: RequirementLot,
    title="",
    description="",
    value=None,
    criteria=(),
) -> RequirementLot:
    """Change a lot's title, description, value and criteria (one per line on the page)."""
    requirement = _draft(actor, requirement)
    lot = _lot_of(requirement, lot)
    titled = requirement.lots.count() > 1
    fields = _checked_lot(requirement, titled, title, description, value, criteria)
    if all(getattr(lot, name) == new for name, new in fields.items()):
        audit.nothing_changed()
        return lot
    changed = sorted(name for name, new in fields.items() if getattr(lot, name) != new)
    for name, new in fields.items():
        setattr(lot, name, new)
    lot.save()
    _record(Verb.REQUIREMENT_LOT_SAVED, actor, requirement, {"lot": lot.number, "changed": changed})
    return lot


@audit.action
def lot_remove(*, actor, requirement: Requirement, lot: RequirementLot) -> Requirement:
    """Remove a lot of a divided draft; the others keep their numbers."""
    requirement = _draft(actor, requirement)
    lot = _lot_of(requirement, lot)
    if requirement.lots.count() <= 1:
        raise Conflict(
            _("A requirement has at least one lot: the only lot of an undivided one stays")
        )
    lot.delete()
    remaining = requirement.lots.count()
    if requirement.max_lots_per_supplier and requirement.max_lots_per_supplier >= remaining:
        requirement.max_lots_per_supplier = None
        requirement.save(update_fields=["max_lots_per_supplier", "updated_at"])
    _record(Verb.REQUIREMENT_LOT_REMOVED, actor, requirement, {"lot": lot.number})
    return requirement


@audit.action
def requirement_division_save(
    *, actor, requirement: Requirement, max_lots_per_supplier: int | None, division_reason: str
) -> Requirement:
    """How many lots one supplier may respond to (None: no limit), and why the requirement
    is divided as it is (published; asked for above the jurisdiction's threshold)."""
    requirement = _draft(actor, requirement)
    reason = (division_reason or "").strip()
    count = requirement.lots.count()
    errors = {}
    if len(reason) > TEXT_LENGTH:
        errors["division_reason"] = [
            ngettext(
                "The reason must be %(n)s character or fewer",
                "The reason must be %(n)s characters or fewer",
                TEXT_LENGTH,
            )
            % {"n": f"{TEXT_LENGTH:,}"}
        ]
    if max_lots_per_supplier is not None and not 1 <= max_lots_per_supplier <= count:
        errors["max_lots_per_supplier"] = [
            ngettext(
                "Enter a number from 1 to %(n)d, the number of lots, or leave it empty",
                "Enter a number from 1 to %(n)d, the number of lots, or leave it empty",
                count,
            )
            % {"n": count}
        ]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    limit = max_lots_per_supplier if count > 1 else None
    if (requirement.max_lots_per_supplier, requirement.division_reason) == (limit, reason):
        audit.nothing_changed()
        return requirement
    requirement.max_lots_per_supplier, requirement.division_reason = limit, reason
    requirement.save(update_fields=["max_lots_per_supplier", "division_reason", "updated_at"])
    _record(
        Verb.REQUIREMENT_DIVISION_SAVED,
        actor,
        requirement,
        {"max_lots_per_supplier": limit, "reason": bool(reason)},
    )
    return requirement


def _checked_category(requirement: Requirement, category: dict) -> dict:
    if not category:
        return {}
    choices = {qid: dict(options) for qid, _q, options in category_choices(requirement)}
    if len(category) != 1:
        raise Invalid(_("Choose one category"), field="category")
    ((question, value),) = category.items()
    if not choices:
        raise Invalid(_("A category can be chosen only on a framework's lot"), field="category")
    if question not in choices or value not in choices[question]:
        raise Invalid(_("Choose a category from the list"), field="category")
    return {question: value}


@audit.action
def requirement_audience_save(
    *,
    actor,
    requirement: Requirement,
    invite_only: bool,
    suppliers: list[Organisation] = (),
    category: dict | None = None,
) -> Requirement:
    """Open to every eligible supplier, or only to invited suppliers (among those who can
    respond on the lot, or any of the jurisdiction in an open procedure) and/or those
    whose live service shows a category (a choice question of the lot and one value)."""
    requirement = _draft(actor, requirement)
    if not invite_only:
        chosen, category = [], {}
    else:
        category = _checked_category(requirement, category or {})
        wanted = {s.pk for s in suppliers}
        chosen = list(audience_candidates(requirement).filter(pk__in=wanted))
        if len(chosen) != len(wanted):
            raise Invalid(
                _("Invite only suppliers who can respond to this requirement"), field="suppliers"
            )
        if not chosen and not category:
            raise Invalid(
                _("Choose the suppliers to invite, or a category of suppliers"),
                field="suppliers",
            )
    before = set(requirement.invited_suppliers.values_list("pk", flat=True))
    after = {s.pk for s in chosen}
    if (requirement.invite_only, requirement.invited_category, before) == (
        invite_only,
        category,
        after,
    ):
        audit.nothing_changed()
        return requirement
    requirement.invite_only, requirement.invited_category = invite_only, category
    requirement.save(update_fields=["invite_only", "invited_category", "updated_at"])
    requirement.invited_suppliers.set(chosen)
    _record(
        Verb.REQUIREMENT_AUDIENCE_SAVED,
        actor,
        requirement,
        {"invite_only": invite_only, "suppliers": sorted(after), "category": category},
    )
    return requirement
