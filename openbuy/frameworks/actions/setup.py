"""Framework managers: frameworks and lots (the moves are in lifecycle.py)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation
from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid, full_clean
from openbuy.questions.models import QuestionSet

from .. import hooks
from ..models import Framework, Lot
from ..permissions import require_manager
from ..schedule import schedule_errors
from ..verbs import Verb

FRAMEWORK_FIELDS = (
    "name",
    "opens_on",
    "clarifications_close_on",
    "applications_close_on",
    "intention_to_award_on",
    "live_on",
    "expires_on",
)


@audit.action
def framework_create(*, actor, authority: Organisation, family: str, slug: str, **fields):
    require_manager(
        actor, authority, _("Only the authority's framework managers create frameworks")
    )
    if authority.kind != Organisation.Kind.AUTHORITY:
        raise Invalid(_("Only authorities run frameworks"))
    unknown = set(fields) - {*FRAMEWORK_FIELDS, "declaration", "previous"}
    if unknown:
        raise Invalid(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    framework = Framework(
        authority=authority, family=slugify(family or ""), slug=slugify(slug or ""), **fields
    )
    _check_parts(framework)
    _check(framework, today=timezone.localdate(timezone=framework.zone))
    _save(framework)
    audit.record(
        Verb.FRAMEWORK_CREATED,
        actor=actor,
        obj=framework,
        organisation=authority,
        public=True,
        payload={"slug": framework.slug, "family": framework.family},
    )
    hooks.framework_created.send(hooks.FrameworkCreated(framework=framework, actor=actor))
    return framework


def _check(framework: Framework, *, today=None, closing_moved=None) -> None:
    """Every problem at once, each on its field: the name, the name in web addresses, the
    order of the dates (and, for a new framework, a start in the past; for an open one, a
    closing day moved into the past, which would close it unseen: "Close applications" is
    the way to close now, recorded and confirmed)."""
    errors: dict[str, list[str]] = {}
    framework.name = (framework.name or "").strip()
    if not framework.name:
        errors["name"] = [_("Enter the framework's name")]
    if not framework.family:
        errors["family"] = [_("Enter the family")]
    if not framework.slug:
        errors["slug"] = [_("Enter the name in web addresses")]
    elif Framework.objects.filter(slug=framework.slug).exclude(pk=framework.pk).exists():
        errors["slug"] = [_("A framework with that name in web addresses exists")]
    for name, messages in schedule_errors(framework, today=today).items():
        errors.setdefault(name, []).extend(messages)
    if (
        closing_moved is not None
        and framework.status == Framework.Status.OPEN
        and str(framework.applications_close_on) != closing_moved
        and framework.applications_close_on < timezone.localdate(timezone=framework.zone)
        and "applications_close_on" not in errors
    ):
        errors["applications_close_on"] = [
            _(
                "Applications must close today or later. To close them now, choose "
                "'Close applications' on the framework's page"
            )
        ]
    try:
        full_clean(
            framework,
            exclude=["status", *errors],
            validate_unique=False,
            validate_constraints=False,
        )
    except Invalid as invalid:
        for name, messages in invalid.errors.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)


def _save(framework: Framework) -> None:
    """Save; a constraint the checks above could not see (a simultaneous request) becomes
    an error on its field, never the constraint's name."""
    try:
        with transaction.atomic():
            framework.save()
    except IntegrityError as error:
        if "framework_dates_in_order" in str(error):
            raise Invalid(
                _("Each date must be on or after the one before it"), field="opens_on"
            ) from error
        raise Invalid(
            _("A framework with that name in web addresses exists"), field="slug"
        ) from error


# Names in web addresses that a page of their own already uses (/frameworks/new/,
# /frameworks/<slug>/lots/new/): a framework or lot called so could never be reached.
KEPT_SLUGS = {"new"}


def _kept(slug: str) -> str:
    return _("“%(slug)s” is kept for a page of openbuy's own: choose another name") % {"slug": slug}


def _check_parts(framework: Framework) -> None:
    if framework.slug in KEPT_SLUGS:
        raise Invalid(_kept(framework.slug), field="slug")
    if framework.declaration and (
        framework.declaration.purpose != QuestionSet.Purpose.DECLARATION
        or framework.declaration.authority_id != framework.authority_id
    ):
        raise Invalid(_("Choose a declaration question set of this authority"), field="declaration")
    previous = framework.previous
    if previous and (
        previous.family != framework.family or previous.authority_id != framework.authority_id
    ):
        raise Invalid(
            _("The previous iteration must be of the same family and authority"), field="previous"
        )


@audit.action
def framework_update(*, actor, framework: Framework, **fields) -> Framework:
    """Change dates and content. Questions are fixed once applications open."""
    framework = Framework.objects.select_for_update(of=("self",)).get(pk=framework.pk)
    require_manager(
        actor, framework, _("Only the authority's framework managers change frameworks")
    )
    if framework.status in {Framework.Status.LIVE, Framework.Status.EXPIRED}:
        raise Conflict(_("A live or expired framework cannot be changed"))
    allowed = set(FRAMEWORK_FIELDS) | {"previous"}
    if framework.status == Framework.Status.COMING:
        allowed |= {"declaration"}
    else:
        allowed.discard("opens_on")
        if "opens_on" in fields and fields["opens_on"] == framework.opens_on:
            del fields["opens_on"]  # sent unchanged (a whole form, an API client)
    refused = set(fields) - allowed
    if refused:
        raise Conflict(
            _("%(names)s can only change before the framework opens")
            % {"names": ", ".join(sorted(refused))}
        )
    before = {name: str(getattr(framework, name)) for name in fields}
    for name, value in fields.items():
        setattr(framework, name, value)
    _check_parts(framework)
    _check(framework, closing_moved=before.get("applications_close_on"))
    _save(framework)
    changed = {
        n: str(getattr(framework, n)) for n in fields if str(getattr(framework, n)) != before[n]
    }
    if not changed:
        audit.nothing_changed()
        return framework
    audit.record(
        Verb.FRAMEWORK_UPDATED,
        actor=actor,
        obj=framework,
        organisation=framework.authority,
        public=True,
        payload={"changed": changed},
    )
    hooks.framework_updated.send(
        hooks.FrameworkUpdated(framework=framework, actor=actor, changed=tuple(changed))
    )
    return framework


@audit.action
def lot_add(
    *,
    actor,
    framework: Framework,
    slug: str,
    name: str,
    questions: QuestionSet | None,
    description: str = "",
    one_service_limit: bool = False,
) -> Lot:
    framework = Framework.objects.select_for_update(of=("self",)).get(pk=framework.pk)
    require_manager(actor, framework, _("Only the authority's framework managers add lots"))
    if framework.status != Framework.Status.COMING:
        raise Conflict(_("Lots can only be added before the framework opens"))
    if questions and (
        questions.purpose != QuestionSet.Purpose.SERVICE
        or questions.authority_id != framework.authority_id
    ):
        raise Invalid(_("Choose a service question set of this authority"), field="questions")
    lot = Lot(
        framework=framework,
        slug=slugify(slug or ""),
        name=(name or "").strip(),
        description=description,
        questions=questions,
        one_service_limit=one_service_limit,
        position=framework.lots.count(),
    )
    errors = {}
    if not lot.name:
        errors["name"] = [_("Enter the lot's name")]
    if not lot.slug:
        errors["slug"] = [_("Enter the name in web addresses")]
    elif lot.slug in KEPT_SLUGS:
        errors["slug"] = [_kept(lot.slug)]
    elif framework.lots.filter(slug=lot.slug).exists():
        errors["slug"] = [_("This framework already has a lot with that name")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    full_clean(lot, validate_constraints=False)
    try:
        with transaction.atomic():
            lot.save()
    except IntegrityError as error:
        raise Invalid(_("This framework already has a lot with that name"), field="slug") from error
    audit.record(
        Verb.FRAMEWORK_LOT_ADDED,
        actor=actor,
        obj=lot,
        organisation=framework.authority,
        public=True,
        payload={"framework": framework.slug, "lot": lot.slug},
    )
    hooks.lot_added.send(hooks.LotAdded(framework=framework, actor=actor, lot=lot))
    return lot
