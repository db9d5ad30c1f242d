"""A framework iteration and its lots, with the lifecycle's state machine."""

import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from openbuy.accounts.models import Organisation
from openbuy.core import ocid
from openbuy.questions.models import QuestionSet


def _end_of(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)


def _allowed(step: str):
    """A state-machine condition that asks the move's guard (frameworks/moves.py)."""

    def condition(framework) -> bool:
        from ..moves import MOVES  # the guards read this module's models

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
        limit_choices_to={"purpose": QuestionSet.Purpose.DECLARATION},
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
    def ocid(self) -> str:
        """Its process id in open data (OCDS), for links to its record."""
        return ocid.ocid(self.authority.jurisdiction, "framework", self.pk)

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
        limit_choices_to={"purpose": QuestionSet.Purpose.SERVICE},
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
