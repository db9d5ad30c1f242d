"""State changes of core objects. Each is an audited action (see core.audit)."""

from django.utils.translation import gettext as _

from . import audit, events
from . import jurisdiction_rules as rules
from .errors import Conflict, Forbidden, full_clean
from .models import Jurisdiction
from .permissions import is_platform_admin
from .verbs import Verb

JURISDICTION_FIELDS = (
    "code",
    "name",
    "currency",
    "languages",
    "time_zone",
    "ocid_prefix",
    "sme_bands",
    "brand_colour",
    "thresholds",
    "holiday_calendar",
    "procurement_rules",
)


@audit.action
def jurisdiction_save(jurisdiction: Jurisdiction, *, actor) -> Jurisdiction:
    """Create or update a jurisdiction; only platform admins and the system may."""
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can change jurisdictions"))
    adding = jurisdiction._state.adding
    before = {} if adding else _snapshot(Jurisdiction.objects.get(pk=jurisdiction.pk))
    rules.normalise(jurisdiction)
    full_clean(jurisdiction)
    after = _snapshot(jurisdiction)
    changed = {name: after[name] for name in after if before.get(name) != after[name]}
    if not changed:
        audit.nothing_changed()
        return jurisdiction
    refusals = {} if adding else events.change_refusals(jurisdiction, before, changed)
    if refusals:
        raise Conflict(next(iter(refusals.values()))[0], errors=refusals)
    jurisdiction.save()
    audit.record(
        Verb.JURISDICTION_CREATED if adding else Verb.JURISDICTION_UPDATED,
        actor=actor,
        obj=jurisdiction,
        payload={"changed": changed},
        public=True,
    )
    return jurisdiction


def _snapshot(jurisdiction: Jurisdiction) -> dict:
    return {name: getattr(jurisdiction, name) for name in JURISDICTION_FIELDS}


# The Django admin's own saves and deletes (core.admin.AuditedAdmin), for models without an
# action of their own. The admin checks its permissions first; these check the actor again.


@audit.action
def admin_save(obj, *, actor):
    """Save an object added or changed in the Django admin; the event names the fields whose
    stored values it changed (or, added, those it set). Only platform admins may."""
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can change this"))
    adding = obj._state.adding
    before = {} if adding else _stored(type(obj)._base_manager.get(pk=obj.pk))
    after = _stored(obj)
    if adding:
        fields = [name for name, value in after.items() if value not in (None, "", [], {})]
    else:
        fields = [name for name, value in after.items() if before[name] != value]
    if not adding and not fields:
        audit.nothing_changed()
        return obj
    obj.save()
    audit.record(
        Verb.ADMIN_ADDED if adding else Verb.ADMIN_CHANGED,
        actor=actor,
        obj=obj,
        payload={"fields": sorted(fields), "name": str(obj)},
    )
    return obj


def _stored(obj) -> dict:
    return {
        field.name: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }


@audit.action
def admin_delete(obj, *, actor) -> None:
    if not is_platform_admin(actor):
        raise Forbidden(_("Only platform admins can change this"))
    audit.record(Verb.ADMIN_DELETED, actor=actor, obj=obj, payload={"name": str(obj)})
    obj.delete()
