"""Suppliers' applications: the declaration, the services drafted in each lot, results."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from openbuy.accounts.models import Organisation

from .lifecycle import Framework, Lot


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
