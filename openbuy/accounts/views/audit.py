"""The audit trail as people read it: platform admins see all; members their organisation's."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from openbuy.core import audit, audit_objects
from openbuy.core.pagination import page_of, query_without_page
from openbuy.core.views import platform_admin_required

from .. import selectors
from ..forms import AuditFilterForm
from ..models import Organisation, User
from ..permissions import is_member


def _verb_choices():
    return sorted(((verb, audit.verb_label(verb)) for verb in audit.VERBS), key=lambda c: c[1])


def _listing(request, events, template, context):
    form = AuditFilterForm(request.GET or None, verbs=_verb_choices())
    if form.is_valid():
        events = form.filter(events)
        if form.cleaned_data.get("actor"):
            actor = User.objects.filter(email=form.cleaned_data["actor"].strip().lower()).first()
            events = events.filter(actor_id=actor.pk if actor else -1)
        if form.cleaned_data.get("organisation"):
            org = Organisation.objects.filter(slug=form.cleaned_data["organisation"]).first()
            events = events.filter(organisation_id=org.pk if org else -1)
    elif form.is_bound:
        events = events.none()
    page = page_of(request, events.order_by("-id"))
    rows = _describe(page.object_list, selectors.audit_viewer(request.user))
    return render(
        request,
        template,
        {
            **context,
            "form": form if form.is_bound else None,
            "filter_form": form,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
        },
    )


def _describe(events, viewer) -> list[dict]:
    """Events with actor, organisation and object names: three queries for the page (the
    reader's roles among them), and one per type of object on it."""
    events = list(events)
    users = User.objects.in_bulk({e.actor_id for e in events if e.actor_id})
    orgs = Organisation.objects.in_bulk({e.organisation_id for e in events if e.organisation_id})
    objects = audit_objects.describe(events, viewer)
    return [
        {
            "event": e,
            "label": audit.verb_label(e.verb),
            "actor": users.get(e.actor_id),
            "organisation": orgs.get(e.organisation_id),
            "object": objects[(e.object_type, e.object_id)],
        }
        for e in events
    ]


@platform_admin_required
def platform_audit(request):
    events = selectors.audit_events_visible_to(request.user)
    return _listing(request, events, "accounts/audit_platform.html", {})


@login_required
def organisation_audit(request, slug: str):
    org = get_object_or_404(Organisation, slug=slug)
    if not is_member(request.user, org):
        raise PermissionDenied
    events = selectors.audit_events_visible_to(request.user, organisation=org)
    return _listing(request, events, "accounts/audit_organisation.html", {"org": org})
