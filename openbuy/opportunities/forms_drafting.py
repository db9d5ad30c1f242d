"""Forms of the buyer's drafting pages. Limits on length are the actions' own: a field here
only reads what was typed, so too much text comes back with a message and nothing lost."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openbuy.core.forms import (
    CharacterCountTextarea,
    Form,
    GovukDateField,
    MoneyField,
    WholeNumberField,
)
from openbuy.questions.interface import SectionForm

from .models import TeamMember

OPEN_PROCEDURE = "open"


class BuyerForm(Form):
    error_names = {"buyer": _("The buyer body")}
    buyer = forms.ModelChoiceField(
        label=_("Who are you buying for?"),
        queryset=None,
        empty_label=None,
        to_field_name="slug",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the organisation you are buying for")},
    )

    def __init__(self, *args, buyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers


class ProcedureForm(Form):
    error_names = {"procedure": _("How you will buy")}
    procedure = forms.ChoiceField(
        label=_("How will you buy?"),
        widget=forms.RadioSelect,
        help_text=_("On a live framework's lot, suppliers on the lot can respond."),
        error_messages={"required": _("Select a framework's lot, or an open procedure")},
    )

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.lots = {str(lot.pk): lot for lot in lots}
        self.fields["procedure"].choices = [
            *((str(lot.pk), f"{lot.framework.name}: {lot.name}") for lot in lots),
            (OPEN_PROCEDURE, _("Open procedure, outside any framework")),
        ]

    def lot(self):
        return self.lots.get(self.cleaned_data["procedure"])


class RoleForm(Form):
    error_names = {"role": _("The specialist role")}
    role = forms.ChoiceField(
        label=_("Which specialist do you need?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the role you need"),
            "invalid_choice": _("Select a role from the list"),
        },
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class StartFromForm(Form):
    source = forms.ChoiceField(
        label=_("Start from"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Select a requirement from the list")},
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {str(r.pk): r for r in sources}
        self.fields["source"].choices = [
            ("", _("A blank requirement")),
            *(
                (pk, _("A copy of “%(title)s”") % {"title": r.title})
                for pk, r in self.sources.items()
            ),
        ]
        self.fields["source"].initial = ""

    def chosen_source(self):
        return self.sources.get(self.cleaned_data.get("source") or "")


class TypedAmountField(MoneyField):
    """An amount kept as typed, for an action that reads it beside the form's other fields,
    so that every problem is shown at once rather than the amount's first."""

    def to_python(self, value) -> str:
        return str(value).strip() if value is not None else ""


class RequirementLotForm(Form):
    error_names = {"title": _("The title"), "description": _("The description")}
    title = forms.CharField(label=_("Title"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    value = TypedAmountField(
        label=_("Estimated value"),
        required=False,
        help_text=_("Of this lot alone. The requirement's value is the sum of its lots'."),
    )
    criteria = forms.CharField(
        label=_("This lot's own criteria"),
        required=False,
        help_text=_("Put each criterion on its own line."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, currency, lot=None, **kwargs):
        if lot is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": lot.title,
                    "description": lot.description,
                    "value": lot.value,
                    "criteria": "\n".join(lot.criteria),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["value"].currency = currency

    def clean_criteria(self):
        return [line.strip() for line in self.cleaned_data["criteria"].split("\n") if line.strip()]


class DivisionForm(Form):
    max_lots_per_supplier = WholeNumberField(
        label=_("How many lots may one supplier respond to?"),
        required=False,
        min_value=1,
        help_text=_("Leave it empty for no limit."),
    )
    division_reason = forms.CharField(
        label=_("Why is it divided this way, or not divided?"),
        required=False,
        max_length=5000,
        widget=CharacterCountTextarea(attrs={"rows": 5}),
        help_text=_("Published with the requirement."),
    )
    error_names = {
        "division_reason": _("The reason"),
        "max_lots_per_supplier": _("The number of lots one supplier may respond to"),
    }


class AudienceForm(Form):
    error_names = {"invite_only": _("Who can respond")}
    invite_only = forms.TypedChoiceField(
        label=_("Who can respond?"),
        widget=forms.RadioSelect,
        coerce=lambda value: value == "invited",
        choices=[
            ("everyone", _("Every eligible supplier")),
            ("invited", _("Only the suppliers I invite, or a category of them")),
        ],
        error_messages={"required": _("Select who can respond")},
    )
    suppliers = forms.MultipleChoiceField(
        label=_("Suppliers to invite"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Invite only suppliers from the list")},
    )
    category = forms.ChoiceField(
        label=_("Or invite a category of suppliers"),
        required=False,
        help_text=_("Suppliers whose live service on the lot gives this answer."),
        error_messages={"invalid_choice": _("Choose a category from the list")},
    )

    def __init__(self, *args, candidates, categories, requirement, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "invite_only": "invited" if requirement.invite_only else "everyone",
                "suppliers": [
                    str(pk) for pk in requirement.invited_suppliers.values_list("pk", flat=True)
                ],
                "category": "".join(f"{q}={v}" for q, v in requirement.invited_category.items()),
            },
        )
        super().__init__(*args, **kwargs)
        self.candidates = {str(s.pk): s for s in candidates}
        self.fields["suppliers"].choices = [(pk, s.name) for pk, s in self.candidates.items()]
        if categories:
            self.fields["category"].choices = [
                ("", _("No category")),
                *(
                    (str(question), [(f"{qid}={value}", label) for value, label in options])
                    for qid, question, options in categories
                ),
            ]
        else:
            del self.fields["category"]

    def chosen_suppliers(self):
        return [self.candidates[pk] for pk in self.cleaned_data["suppliers"]]

    def chosen_category(self) -> dict:
        question, _sep, value = (self.cleaned_data.get("category") or "").partition("=")
        return {question: value} if question else {}


PERMISSIONS = forms.MultipleChoiceField(
    label=_("What may they do?"),
    choices=TeamMember.Permission.choices,
    widget=forms.CheckboxSelectMultiple,
    error_messages={"required": _("Choose what they may do")},
)


class TeamMemberForm(Form):
    error_names = {"permissions": _("What they may do")}
    permissions = PERMISSIONS


class TeamAddForm(Form):
    error_names = {"user": _("The person"), "permissions": _("What they may do")}
    user = forms.ChoiceField(
        label=_("Who?"),
        help_text=_("Buyers of your organisation who are not on the team yet."),
        error_messages={
            "required": _("Select the person to add"),
            "invalid_choice": _("Select a person from the list"),
        },
    )
    permissions = PERMISSIONS

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in candidates}
        self.fields["user"].choices = [
            ("", _("Select a person")),
            *((pk, f"{u.name} ({u.email})") for pk, u in self.people.items()),
        ]

    def person(self):
        return self.people[self.cleaned_data["user"]]


class PublishForm(Form):
    closes_on = GovukDateField(
        label=_("Closing date"),
        error_messages={"required": _("Enter the closing date")},
    )


class WithdrawForm(Form):
    error_names = {"reason": _("The reason")}
    reason = forms.CharField(
        label=_("Why are you withdrawing the requirement?"),
        max_length=5000,
        help_text=_("Everyone who reads the requirement sees it."),
        widget=CharacterCountTextarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter why the requirement is withdrawn")},
    )


AMENDMENT_SUMMARY = "amendment_summary"


class AmendForm(SectionForm):
    """A section of an open requirement's questions, and what changed, in words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.CharField(
            label=_("Summary of the change"),
            help_text=_("Shown to everyone with the requirement, and e-mailed to suppliers."),
            required=False,
            max_length=5000,
            widget=CharacterCountTextarea(attrs={"rows": 4}),
        )
        field.error_name = _("The summary")
        self.fields[AMENDMENT_SUMMARY] = field
