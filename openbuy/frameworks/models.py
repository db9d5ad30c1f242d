import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from openbuy.accounts.models import Organisation

from .content import QuestionSetDocument, load_document

_PARSED: dict[tuple, QuestionSetDocument] = {}


def _parsed(question_set) -> QuestionSetDocument:
    # Versions never change once saved, so a parsed document is kept for the process,
    # keyed by id and creation time (ids alone can come back after a rollback).
    key = (question_set.pk, question_set.created_at)
    if key not in _PARSED:
        if len(_PARSED) > 500:
            _PARSED.clear()
        _PARSED[key] = load_document(question_set.document)
    return _PARSED[key]


class QuestionSet(models.Model):
    """One version of a question-set document. A new edit is a new version; old ones stay."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        SERVICE = "service", _("Service")

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="question_sets",
        help_text=_("The authority whose framework managers may add versions."),
    )
    slug = models.SlugField(_("name in web addresses"), max_length=80)
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    document = models.JSONField(help_text=_("The question-set document (docs/question-sets.md)."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "slug", "version"], name="question_set_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def doc(self) -> QuestionSetDocument:
        return _parsed(self)


def _end_of(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)


def _allowed(step: str):
    """A state-machine condition that asks the move's guard (frameworks/moves.py)."""

    def condition(framework) -> bool:
        from .moves import MOVES  # the guards read this module's models

        return not MOVES[step].guard(framework)

    condition.__name__ = f"{step.replace('-', '_')}_allowed"
    return condition


class Framework(models.Model):
    """One iteration of a framework family (G-Cloud 14, say), run by an authority."""

    class Status(models.TextChoices):
        COMING = "coming", _("Coming")
        OPEN = "open", _("Open for applications")
        PENDING = "pending", _("Evaluating applications")
        STANDSTILL = "standstill", _("Standstill")
        LIVE = "live", _("Live")
        EXPIRED = "expired", _("Expired")

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="frameworks")
    family = models.SlugField(
        _("family"), max_length=80, help_text=_("Iterations of one family replace each other.")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("name in web addresses"), max_length=80, unique=True)
    status = FSMField(default=Status.COMING, choices=Status.choices, protected=True)
    opens_on = models.DateField(_("applications open"))
    clarifications_close_on = models.DateField(_("clarification questions close"))
    applications_close_on = models.DateField(_("applications close"))
    intention_to_award_on = models.DateField(_("intention to award"))
    live_on = models.DateField(_("goes live"))
    expires_on = models.DateField(_("expires"))
    declaration = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "declaration"},
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The iteration before, whose declarations and services may be reused."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it actually opened for applications.")
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When applications actually closed.")
    )
    results_announced_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the results were actually announced.")
    )
    went_live_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it actually went live.")
    )
    expired_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it actually expired.")
    )

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "family"],
                condition=Q(status="live"),
                name="one_live_iteration_per_family",
            ),
            models.CheckConstraint(
                # Once open, the planned opening is history and the later dates follow
                # the actual one (frameworks/schedule.py).
                condition=(
                    Q(opened_at__isnull=False) | Q(opens_on__lte=F("clarifications_close_on"))
                )
                & Q(clarifications_close_on__lte=F("applications_close_on"))
                & Q(applications_close_on__lte=F("intention_to_award_on"))
                & Q(intention_to_award_on__lte=F("live_on"))
                & Q(live_on__lt=F("expires_on")),
                name="framework_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def lock(cls, pk) -> "Framework":
        """The framework, locked until commit: actions that check its status take this
        first, so the check cannot race a status change."""
        return (
            cls.objects.select_for_update(of=("self",))
            .select_related("authority__jurisdiction")
            .get(pk=pk)
        )

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.authority.jurisdiction.time_zone)

    @property
    def currency(self) -> str:
        return self.authority.jurisdiction.currency

    @property
    def applications_close_at(self) -> datetime.datetime:
        """Applications close at the end of the closing day, in the authority's time zone."""
        return _end_of(self.applications_close_on, self.zone)

    @property
    def clarifications_close_at(self) -> datetime.datetime:
        return _end_of(self.clarifications_close_on, self.zone)

    @property
    def expires_at(self) -> datetime.datetime:
        return _end_of(self.expires_on, self.zone)

    @property
    def is_live(self) -> bool:
        """Live, and not past its expiry date: time alone ends a framework's use."""
        return self.status == self.Status.LIVE and timezone.now() < self.expires_at

    @property
    def results_published(self) -> bool:
        """Suppliers learn their results when the framework enters standstill, not while
        evaluators are still changing them."""
        return self.status in (self.Status.STANDSTILL, self.Status.LIVE, self.Status.EXPIRED)

    @property
    def accepting_applications(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() < self.applications_close_at

    @property
    def accepting_clarifications(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() < self.clarifications_close_at

    # --- lifecycle (called only from actions; moves.py names and labels each) ---------
    # Each step records the moment it actually happened: the dates above are the plan.
    @transition(
        field=status,
        source=Status.COMING,
        target=Status.OPEN,
        conditions=[_allowed("open")],
    )
    def open(self):
        self.opened_at = timezone.now()

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.PENDING,
        conditions=[_allowed("close")],
    )
    def close(self):
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.STANDSTILL,
        conditions=[_allowed("announce")],
    )
    def announce(self):
        self.results_announced_at = timezone.now()

    @transition(
        field=status,
        source=Status.STANDSTILL,
        target=Status.LIVE,
        conditions=[_allowed("go-live")],
    )
    def go_live(self):
        self.went_live_at = timezone.now()

    @transition(field=status, source=Status.LIVE, target=Status.EXPIRED)
    def expire(self):
        self.expired_at = timezone.now()


class Lot(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="lots")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    questions = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "service"},
    )
    one_service_limit = models.BooleanField(
        default=False, help_text=_("Each supplier may offer one service in this lot.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="lot_slug")]

    def __str__(self) -> str:
        return f"{self.framework}: {self.name}"


class Result(models.TextChoices):
    NONE = "", _("Not decided")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class Application(models.Model):
    """A supplier's application to one framework iteration: a declaration and services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not submitted")
        SUBMITTED = "submitted", _("Submitted")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="applications")
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    declaration = models.JSONField(default=dict)
    declaration_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The earlier application the declaration started from."),
    )
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    declaration_result = models.CharField(max_length=8, choices=Result.choices, blank=True)
    declaration_reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework", "supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "supplier"], name="one_application")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.framework}"

    @property
    def passed(self) -> bool:
        """On the framework: declaration passed and at least one service passed."""
        return (
            self.declaration_result == Result.PASS
            and self.services.filter(result=Result.PASS).exists()
        )

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        custom={"label": _("Submit application")},
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.DRAFT,
        custom={"label": _("Change application")},
    )
    def reopen(self):
        self.submitted_at = None


class DraftService(models.Model):
    """A service a supplier offers in a lot, drafted in its application."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        COMPLETE = "complete", _("Complete")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="services")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="drafts")
    answers = models.JSONField(default=dict)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True)
    result = models.CharField(max_length=8, choices=Result.choices, blank=True)
    result_reason = models.TextField(blank=True, max_length=2000)
    copied_from = models.CharField(
        max_length=80, blank=True, help_text=_("What it was copied from: draft:ID or service:ID.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lot__position", "created_at"]

    def __str__(self) -> str:
        return self.name or f"Draft {self.pk}"

    @property
    def name(self) -> str:
        title = self.lot.questions.doc.title_question if self.lot.questions_id else None
        return str(self.answers.get(title, "")) if title else ""

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.COMPLETE,
        custom={"label": _("Mark as complete")},
    )
    def complete(self):
        pass

    @transition(
        field=status, source=Status.COMPLETE, target=Status.DRAFT, custom={"label": _("Edit again")}
    )
    def reopen(self):
        pass


class ClarificationQuestion(models.Model):
    """A supplier's question about a framework; the authority answers all applicants."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="clarifications"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(max_length=3000)
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True, max_length=5000)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.question[:60]


class Agreement(models.Model):
    """A passed supplier's signature on the framework agreement, and the countersignature."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement"
    )
    signer_name = models.CharField(max_length=150)
    signer_role = models.CharField(max_length=150)
    authority_confirmed = models.BooleanField(
        help_text=_("The signer confirmed they may sign for the supplier.")
    )
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(authority_confirmed=True), name="signer_has_authority"
            )
        ]

    def __str__(self) -> str:
        return f"Agreement of {self.application}"
