"""Reads for buyers drafting requirements: their list, what they can start on, who they can
invite and put on the team, and what a requirement's value says about dividing it."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation, Role, User
from openbuy.core.money import format_money
from openbuy.frameworks.models import Framework, Lot

from ..models import Requirement, RequirementLot, TeamMember
from .eligibility import ROLES_QUESTION, _live_services
from .requirements import buyer_bodies_of


def requirements_for(user) -> QuerySet[Requirement]:
    """Every requirement of the person's buyer bodies, drafts first, then the newest."""
    return (
        Requirement.objects.filter(buyer__in=buyer_bodies_of(user).values("pk"))
        .select_related("buyer__jurisdiction", "lot__framework")
        .order_by(F("published_at").desc(nulls_first=True), "-created_at", "-id")
    )


def startable_lots(buyer: Organisation) -> list[Lot]:
    """Lots of live frameworks of the buyer's jurisdiction that have service questions."""
    lots = (
        Lot.objects.filter(
            framework__status=Framework.Status.LIVE,
            framework__authority__jurisdiction_id=buyer.jurisdiction_id,
            questions__isnull=False,
        )
        .select_related("framework", "questions")
        .order_by("framework__name", "framework_id", "pk")
    )
    return [lot for lot in lots if lot.framework.is_live]


def lot_roles(lot: Lot | None) -> list[tuple[str, str]]:
    """(value, label) of the roles a specialists lot offers; empty for other lots."""
    if lot is None or lot.questions_id is None:
        return []
    question = lot.questions.doc.questions.get(ROLES_QUESTION)
    return list(question.labels().items()) if question is not None else []


def copy_sources(buyer: Organisation) -> QuerySet[Requirement]:
    """The buyer body's earlier requirements, any status, to start a new one from."""
    return Requirement.objects.filter(buyer=buyer).select_related("lot__framework")


def audience_candidates(requirement: Requirement) -> QuerySet[Organisation]:
    """Suppliers a buyer may invite: those with a live service on the lot (offering the
    role on a specialists lot), or any supplier of the jurisdiction in an open procedure."""
    suppliers = Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER, jurisdiction_id=requirement.buyer.jurisdiction_id
    )
    if requirement.lot_id is not None:
        suppliers = suppliers.filter(pk__in={s for _id, s, _a in _live_services(requirement)})
    return suppliers.order_by("name", "pk")


def category_choices(requirement: Requirement) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(question id, question, [(value, label)]) of the lot's service questions that can
    name a category of suppliers: those answered by choosing (radios or checkboxes)."""
    if requirement.lot_id is None or requirement.lot.questions_id is None:
        return []
    document = requirement.lot.questions.doc
    return [
        (question.id, question.question, list(question.labels().items()))
        for question in document.questions.values()
        if question.type in {"radios", "checkboxes"}
    ]


def team_of(requirement: Requirement) -> QuerySet[TeamMember]:
    return requirement.team.select_related("user").order_by("added_at", "pk")


def team_candidates(requirement: Requirement) -> QuerySet[User]:
    """The buyer body's buyers who are not yet on the requirement's team."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=requirement.buyer_id,
            memberships__role=Role.BUYER,
        )
        .exclude(pk__in=requirement.team.values("user_id"))
        .distinct()
        .order_by("name", "email")
    )


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def requirement_value(requirement: Requirement, lots: list[RequirementLot]) -> Decimal | None:
    """The sum of its lots' values; for one lot without a value, its top budget."""
    values = [lot.value for lot in lots if lot.value is not None]
    if values:
        return sum(values, Decimal(0))
    if len(lots) == 1:
        return _amount(requirement.answers.get("budgetMax"))
    return None


def over_budget(
    requirement: Requirement, lots: list[RequirementLot]
) -> tuple[Decimal, Decimal] | None:
    """(the lots' total, the budget's top) when the total is above the top of the budget
    the requirement publishes (suppliers would read two prices), else None."""
    values = [lot.value for lot in lots if lot.value is not None]
    top = _amount(requirement.answers.get("budgetMax"))
    total = sum(values, Decimal(0))
    return (total, top) if values and top is not None and total > top else None


@dataclass(frozen=True)
class Division:
    """What the requirement's value says about dividing it into lots (`problem`: "" when
    nothing needs saying, "undivided" above the threshold in one lot, "split" when lots each
    under it add up to more)."""

    threshold_name: str
    threshold: Decimal
    value: Decimal | None
    problem: str
    currency: str

    @property
    def needs_reason(self) -> bool:
        return bool(self.problem)

    def message(self) -> str:
        money = {
            "name": self.threshold_name,
            "threshold": format_money(self.threshold, self.currency),
            "value": format_money(self.value, self.currency) if self.value is not None else "",
        }
        if self.problem == "undivided":
            return (
                _(
                    "The requirement's value, %(value)s, is above the %(name)s threshold of "
                    "%(threshold)s: divide it into lots, or say why it is not divided"
                )
                % money
            )
        if self.problem == "split":
            return (
                _(
                    "Each lot is under the %(name)s threshold of %(threshold)s, but together "
                    "they come to %(value)s: the lots look split to stay under the threshold. "
                    "Say why it is divided this way"
                )
                % money
            )
        return ""


def division(requirement: Requirement, lots: list[RequirementLot] | None = None) -> Division | None:
    """The threshold check, or None when the jurisdiction has no threshold."""
    jurisdiction = requirement.buyer.jurisdiction
    found = jurisdiction.division_threshold
    if found is None:
        return None
    name, threshold = found
    lots = list(requirement.lots.all()) if lots is None else lots
    value = requirement_value(requirement, lots)
    problem = ""
    if value is not None and value > threshold:
        if len(lots) == 1:
            problem = "undivided"
        elif all(lot.value is not None and lot.value < threshold for lot in lots):
            problem = "split"
    # The rules name thresholds as identifiers: people read words (which also wrap).
    return Division(name.replace("_", " "), threshold, value, problem, jurisdiction.currency)


def lot_problems(requirement: Requirement) -> dict[str, str]:
    """What about its lots stops a draft from being published: field → message."""
    lots = list(requirement.lots.order_by("number"))
    found = {}
    if len(lots) > 1:
        for lot in lots:
            if not lot.title:
                found[f"lots.{lot.number}.title"] = _("Give lot %(n)d a title") % {"n": lot.number}
    check = division(requirement, lots)
    if check is not None and check.needs_reason and not requirement.division_reason.strip():
        found["division_reason"] = check.message()
    return found


def buyer_of_body(requirement: Requirement, email: str) -> User | None:
    """One of the requirement's buyer body's buyers, by e-mail address; None for anyone
    else (so the API does not tell whether an address has an account)."""
    return (
        User.objects.filter(
            email=(email or "").strip().lower(),
            memberships__organisation_id=requirement.buyer_id,
            memberships__role=Role.BUYER,
        )
        .distinct()
        .first()
    )
