import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from openbuy.accounts.models import Organisation
from openbuy.core import ocid
from openbuy.frameworks.models import DraftService, Framework, Lot


def new_service_id() -> str:
    """A 16-digit public id, random so that ids say nothing about who applied first."""
    return str(10**15 + secrets.randbelow(9 * 10**15))


class Service(models.Model):
    """A service in the catalogue. Its answers live in versions; every version is kept."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        REMOVED = "removed", _("Removed by the supplier")
        SUSPENDED = "suspended", _("Suspended")

    service_id = models.CharField(max_length=16, unique=True, default=new_service_id)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="services")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="services")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    draft = models.OneToOneField(
        DraftService, on_delete=models.PROTECT, null=True, blank=True, related_name="service"
    )
    status = FSMField(default=Status.PUBLISHED, choices=Status.choices, protected=True)
    status_reason = models.TextField(blank=True, max_length=2000)
    current = models.ForeignKey(
        "ServiceVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The version buyers see."),
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.name or self.service_id

    @property
    def name(self) -> str:
        title = self.lot.questions.doc.title_question
        return str(self.current.answers.get(title, "")) if self.current_id and title else ""

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.framework.is_live

    @transition(
        field=status, source=Status.PUBLISHED, target=Status.REMOVED, custom={"label": _("Remove")}
    )
    def remove(self, reason: str = ""):
        self.status_reason = reason

    @transition(
        field=status,
        source=Status.PUBLISHED,
        target=Status.SUSPENDED,
        custom={"label": _("Suspend")},
    )
    def suspend(self, reason: str):
        self.status_reason = reason

    @transition(
        field=status,
        source=Status.SUSPENDED,
        target=Status.PUBLISHED,
        custom={"label": _("Reinstate")},
    )
    def reinstate(self):
        self.status_reason = ""


class ServiceVersion(models.Model):
    """The answers of a service at one moment. A supplier's edit makes a new version, live at
    once and flagged for the framework manager's review until approved."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="service_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.service.service_id} v{self.number}"


class Project(models.Model):
    """A buyer's direct-award project: a saved search, ended to freeze a shortlist, then an
    outcome."""

    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("project name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    keywords = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, help_text=_("Question id to the values chosen."))
    searched_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def ocid(self) -> str:
        """Its process id in open data (OCDS), published once its outcome is recorded."""
        return ocid.ocid(self.buyer.jurisdiction, "project", self.pk)


class ShortlistEntry(models.Model):
    """A service version frozen into a project when its search ended."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shortlist")
    version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="shortlist_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.version}"


class Outcome(models.Model):
    """How a direct-award project ended: one per project."""

    class Result(models.TextChoices):
        AWARDED = "awarded", _("Awarded")
        CANCELLED = "cancelled", _("Cancelled")
        NONE_SUITABLE = "none-suitable", _("No suitable services")

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="outcome")
    result = models.CharField(max_length=16, choices=Result.choices)
    awarded = models.ForeignKey(
        ShortlistEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    awarding_body = models.CharField(max_length=200, blank=True)
    completed_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the buyer last corrected the outcome.")
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who last corrected the outcome."),
    )
    correction_reason = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_("Why it was last corrected; every correction is in the audit trail."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        result="awarded",
                        awarded__isnull=False,
                        start_date__isnull=False,
                        end_date__isnull=False,
                        value__isnull=False,
                        value__gte=0,
                    )
                    | (~Q(result="awarded") & Q(awarded__isnull=True, value__isnull=True))
                ),
                name="outcome_award_details",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="outcome_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_result_display()}"
