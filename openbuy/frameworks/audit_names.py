"""How the audit trail names and links frameworks' objects (see core.audit_objects)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openbuy.accounts.models import Role
from openbuy.core import audit_objects
from openbuy.questions.audit_names import FORMER_TYPES
from openbuy.questions.models import QuestionSet

from .models import (
    Agreement,
    Application,
    ClarificationQuestion,
    DraftService,
    Framework,
    Lot,
)

SUPPLIER_PEOPLE = (Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)


def _detail(framework, viewer=None) -> str:
    return reverse("frameworks:detail", args=[framework.slug])


def _manages(viewer, framework) -> bool:
    return viewer.is_admin or viewer.holds(framework.authority_id, Role.FRAMEWORK_MANAGER)


def _application(application, viewer) -> str:
    """The supplier's people work on it on their pages; the framework's managers evaluate
    it on theirs."""
    framework, supplier = application.framework, application.supplier
    if viewer.holds(supplier.pk, *SUPPLIER_PEOPLE):
        return reverse("frameworks:application", args=[framework.slug, supplier.slug])
    if _manages(viewer, framework):
        return reverse("frameworks:application-detail", args=[framework.slug, application.pk])
    return ""


def _draft(draft, viewer) -> str:
    application = draft.application
    if viewer.holds(application.supplier_id, *SUPPLIER_PEOPLE):
        return reverse(
            "frameworks:service",
            args=[application.framework.slug, application.supplier.slug, draft.pk],
        )
    return _application(application, viewer)


def _agreement(agreement, viewer) -> str:
    application = agreement.application
    framework = application.framework
    if viewer.holds(application.supplier_id, *SUPPLIER_PEOPLE):
        return reverse("frameworks:agreement", args=[framework.slug, application.supplier.slug])
    if _manages(viewer, framework):
        return reverse("frameworks:agreements", args=[framework.slug])
    return ""


def _question_set(question_set, viewer) -> str:
    """Question sets are the pages of their authority's framework managers."""
    if viewer.is_admin or viewer.holds(question_set.authority_id, Role.FRAMEWORK_MANAGER):
        return reverse("frameworks:question-set", args=[question_set.pk])
    return ""


def _of(application) -> dict:
    return {"supplier": application.supplier.name, "framework": application.framework.name}


def register() -> None:
    audit_objects.register(
        QuestionSet,
        kind=_("Question set"),
        name=lambda q: _("%(title)s, version %(number)s") % {"title": q.title, "number": q.version},
        # Question sets' pages are frameworks' (for now), so their link is named here.
        url=_question_set,
        former=FORMER_TYPES,
    )
    audit_objects.register(Framework, kind=_("Framework"), name=lambda f: f.name, url=_detail)
    audit_objects.register(
        Lot,
        kind=_("Lot"),
        name=lambda lot: f"{lot.framework.name}: {lot.name}",
        url=lambda lot, viewer: _detail(lot.framework),
        related=("framework",),
    )
    audit_objects.register(
        Application,
        kind=_("Application"),
        name=lambda a: _("%(supplier)s for %(framework)s") % _of(a),
        url=_application,
        related=("framework", "supplier"),
    )
    audit_objects.register(
        DraftService,
        kind=_("Service in an application"),
        name=lambda d: d.name or _("Untitled service"),
        url=_draft,
        related=("lot__questions", "application__framework", "application__supplier"),
    )
    audit_objects.register(
        ClarificationQuestion,
        kind=_("Clarification question"),
        name=lambda c: _("Question from %(supplier)s") % {"supplier": c.supplier.name},
        url=lambda c, viewer: reverse("frameworks:clarifications", args=[c.framework.slug]),
        related=("framework", "supplier"),
    )
    audit_objects.register(
        Agreement,
        kind=_("Framework agreement"),
        name=lambda a: _("%(supplier)s for %(framework)s") % _of(a.application),
        url=_agreement,
        related=("application__framework", "application__supplier"),
    )
