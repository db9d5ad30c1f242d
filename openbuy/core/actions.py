"""State changes of core objects. Each is an audited action (see core.audit)."""

from django.utils.translation import gettext as _

from . import audit
from . import jurisdiction_rules as rules
from .errors import Forbidden, full_clean
from .models import Jurisdiction
from .permissions import is_platform_admin

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
    jurisdiction.save()
    after = _snapshot(jurisdiction)
    changed = {name: after[name] for name in after if before.get(name) != after[name]}
    if not changed:
        audit.nothing_changed()
        return jurisdiction
    audit.record(
        "jurisdiction.created" if adding else "jurisdiction.updated",
        actor=actor,
        obj=jurisdiction,
        payload={"changed": changed},
        public=True,
    )
    return jurisdiction


def _snapshot(jurisdiction: Jurisdiction) -> dict:
    return {name: getattr(jurisdiction, name) for name in JURISDICTION_FIELDS}
