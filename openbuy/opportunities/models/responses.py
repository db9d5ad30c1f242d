"""Suppliers' responses to a requirement's lots. Sealed until the requirement closes:
read them only through `selectors.responses` (docs/visibility.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from openbuy.accounts.models import Organisation
from openbuy.questions.models import QuestionSet

from .requirements import Requirement, RequirementLot


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="responses")
    lot = models.ForeignKey(RequirementLot, on_delete=models.PROTECT, related_name="responses")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="responses")
    questions = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"purpose": QuestionSet.Purpose.RESPONSE},
        help_text=_("The version of the response question set it answers."),
    )
    answers = models.JSONField(default=dict, blank=True)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True)
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was last submitted; checked on the server.")
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    shortlisted = models.BooleanField(
        default=False, help_text=_("Taken to the second stage of assessment.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["requirement", "lot", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "lot", "supplier"], name="response_once_per_lot"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="response_submitted_with_its_time",
            ),
        ]
        indexes = [
            models.Index(fields=["requirement", "status"], name="response_requirement_status")
        ]

    def __str__(self) -> str:
        return str(_("Response %(id)d") % {"id": self.pk})

    @transition(field=status, source=[Status.DRAFT, Status.WITHDRAWN], target=Status.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    @transition(field=status, source=Status.WITHDRAWN, target=Status.DRAFT)
    def reopen(self) -> None:
        pass
