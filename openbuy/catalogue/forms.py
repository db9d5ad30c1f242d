from django import forms
from django.utils.translation import gettext_lazy as _

from openbuy.core.forms import Form, GovukDateField, MoneyField

from .models import Outcome


class SuspendForm(Form):
    error_names = {"reason": _("The reason")}
    reason = forms.CharField(
        label=_("Why is the service suspended?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the service's page and sent to the supplier."),
        error_messages={"required": _("Enter the reason for suspending the service")},
    )


class ProjectForm(Form):
    name = forms.CharField(
        label=_("Project name"),
        max_length=200,
        help_text=_("Like 'Case management for licensing'."),
        error_messages={"required": _("Enter a name for the project")},
    )
    buyer = forms.ModelChoiceField(
        label=_("Buying for"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the organisation you are buying for")},
    )

    def __init__(self, *args, buyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers


class OutcomeForm(Form):
    error_names = {"result": _("What happened"), "awarded": _("The winning service")}
    result = forms.ChoiceField(
        label=_("What happened?"),
        choices=Outcome.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened")},
    )
    awarded = forms.ModelChoiceField(
        label=_("Which service won the contract?"),
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    start_date = GovukDateField(label=_("Contract start date"), required=False)
    end_date = GovukDateField(label=_("Contract end date"), required=False)
    value = MoneyField(label=_("Total contract value"), required=False)
    awarding_body = forms.CharField(
        label=_("Awarding body"),
        required=False,
        max_length=200,
        help_text=_("Leave empty if it is your organisation."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awarded"].queryset = project.shortlist.select_related(
            "version__service__supplier"
        )
        self.fields["awarded"].label_from_instance = lambda entry: (
            f"{entry.version.service.name} – {entry.version.service.supplier.name}"
        )
        self.fields["value"].currency = project.lot.framework.currency


class OutcomeCorrectionForm(OutcomeForm):
    error_names = {**OutcomeForm.error_names, "reason": _("The reason")}
    reason = forms.CharField(
        label=_("Why are you correcting the outcome?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the outcome and in the audit trail."),
        error_messages={
            "required": _("Enter why you are correcting the outcome"),
            "max_length": _("The reason must be 2,000 characters or fewer"),
        },
    )

    @staticmethod
    def initial_from(outcome) -> dict:
        fields = ("result", "awarded", "start_date", "end_date", "value", "awarding_body")
        return {name: getattr(outcome, name) for name in fields}
