"""Going live and expiry, behind pages that say what they do to the catalogue."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.confirm import Confirmation
from openbuy.frameworks.views.steps import step_page, step_view

from .. import actions
from ..selectors import drafts_to_publish, live_iteration_replaced, services_in_search


def _leaving(framework) -> str:
    count = services_in_search(framework).count()
    return ngettext(
        "%(n)d service will leave search.", "%(n)d services will leave search.", count
    ) % {"n": count}


def _go_live(framework) -> Confirmation:
    drafts = drafts_to_publish(framework)
    services = drafts.count()
    suppliers = drafts.values("application__supplier").distinct().count()
    consequences = [
        ngettext(
            "%(n)d service will be published and found in search.",
            "%(n)d services will be published and found in search.",
            services,
        )
        % {"n": services},
        ngettext(
            "%(n)d supplier will be told their services are live.",
            "%(n)d suppliers will be told their services are live.",
            suppliers,
        )
        % {"n": suppliers},
    ]
    replaced = live_iteration_replaced(framework).first()
    if replaced is not None:
        consequences.append(
            _("%(name)s expires at the same moment: %(leaving)s")
            % {"name": replaced.name, "leaving": _leaving(replaced)}
        )
    return step_page(
        framework,
        "go-live",
        title=_("Put %(name)s live?") % {"name": framework.name},
        yes=_("Yes, go live"),
        consequences=consequences,
        warning=_("A live framework cannot go back to standstill."),
        fix=(_("Framework agreements"), reverse("frameworks:agreements", args=[framework.slug])),
    )


def _expire(framework) -> Confirmation:
    return step_page(
        framework,
        "expire",
        title=_("Expire %(name)s?") % {"name": framework.name},
        yes=_("Yes, expire the framework"),
        consequences=[
            _leaving(framework),
            _(
                "Buyers can no longer find or shortlist its services; projects whose search "
                "has ended keep their shortlists."
            ),
        ],
        warning=_("You cannot undo this."),
        destructive=True,
    )


framework_step = step_view(
    {
        "go-live": (actions.framework_go_live, _go_live),
        "expire": (actions.framework_expire, _expire),
    }
)
