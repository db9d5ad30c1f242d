"""How the audit trail names and links frameworks' objects (see core.audit_objects)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openbuy.core import audit_objects

from .models import (
    Agreement,
    Application,
    ClarificationQuestion,
    DraftService,
    Framework,
    Lot,
    QuestionSet,
)


def _detail(framework) -> str:
    return reverse("frameworks:detail", args=[framework.slug])


def _application(application) -> str:
    return reverse(
        "frameworks:application", args=[application.framework.slug, application.supplier.slug]
    )


def _of(application) -> dict:
    return {"supplier": application.supplier.name, "framework": application.framework.name}


def register() -> None:
    audit_objects.register(
        QuestionSet,
        kind=_("Question set"),
        name=lambda q: _("%(title)s, version %(number)s") % {"title": q.title, "number": q.version},
        url=lambda q: reverse("frameworks:question-set", args=[q.pk]),
    )
    audit_objects.register(Framework, kind=_("Framework"), name=lambda f: f.name, url=_detail)
    audit_objects.register(
        Lot,
        kind=_("Lot"),
        name=lambda lot: f"{lot.framework.name}: {lot.name}",
        url=lambda lot: _detail(lot.framework),
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
        url=lambda d: reverse(
            "frameworks:service",
            args=[d.application.framework.slug, d.application.supplier.slug, d.pk],
        ),
        related=("lot__questions", "application__framework", "application__supplier"),
    )
    audit_objects.register(
        ClarificationQuestion,
        kind=_("Clarification question"),
        name=lambda c: _("Question from %(supplier)s") % {"supplier": c.supplier.name},
        url=lambda c: reverse("frameworks:clarifications", args=[c.framework.slug]),
        related=("framework", "supplier"),
    )
    audit_objects.register(
        Agreement,
        kind=_("Framework agreement"),
        name=lambda a: _("%(supplier)s for %(framework)s") % _of(a.application),
        url=lambda a: reverse(
            "frameworks:agreement",
            args=[a.application.framework.slug, a.application.supplier.slug],
        ),
        related=("application__framework", "application__supplier"),
    )
