"""Forms of the framework pages. They parse input; the actions decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openbuy.core.forms import CharacterCountTextarea, Form, GovukDateField
from openbuy.core.inputs import Unreadable, load_json
from openbuy.questions.models import QuestionSet

from .models import Framework

DATE_FIELDS = [
    ("opens_on", _("Applications open"), _("Enter the date applications open")),
    (
        "clarifications_close_on",
        _("Clarification questions close"),
        _("Enter the date clarification questions close"),
    ),
    ("applications_close_on", _("Applications close"), _("Enter the date applications close")),
    (
        "intention_to_award_on",
        _("Intention to award"),
        _("Enter the date of the intention to award"),
    ),
    ("live_on", _("Goes live"), _("Enter the date the framework goes live")),
    ("expires_on", _("Expires"), _("Enter the date the framework expires")),
]
RESULT_CHOICES = [("pass", _("Pass")), ("fail", _("Fail"))]
REASON_TOO_LONG = {"max_length": _("A reason must be 2,000 characters or fewer")}


def _required(message):
    return {"required": message}


class FrameworkForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages=_required(_("Enter the framework's name"))
    )
    family = forms.SlugField(
        label=_("Family"),
        max_length=80,
        help_text=_("Like g-cloud. Iterations of one family replace each other when they go live."),
        error_messages={
            "required": _("Enter the family"),
            "invalid": _("Use lower-case letters, digits and hyphens"),
        },
    )
    slug = forms.SlugField(
        label=_("Name in web addresses"),
        max_length=80,
        help_text=_("Like g-cloud-14."),
        error_messages={
            "required": _("Enter the name in web addresses"),
            "invalid": _("Use lower-case letters, digits and hyphens"),
        },
    )
    declaration = forms.ModelChoiceField(
        label=_("Declaration questions"),
        queryset=QuestionSet.objects.none(),
        required=False,
        empty_label=_("Choose later"),
    )
    previous = forms.ModelChoiceField(
        label=_("Previous iteration"),
        queryset=Framework.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Suppliers can reuse their answers to it."),
    )

    def __init__(self, *args, authority, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, required in DATE_FIELDS:
            self.fields[name] = GovukDateField(label=label, error_messages={"required": required})
        self.fields["declaration"].queryset = QuestionSet.objects.filter(
            authority=authority, purpose=QuestionSet.Purpose.DECLARATION
        )
        self.fields["previous"].queryset = Framework.objects.filter(authority=authority)
        if editing:
            del self.fields["family"], self.fields["slug"]


class LotForm(Form):
    name = forms.CharField(
        label=_("Lot name"), max_length=200, error_messages=_required(_("Enter the lot's name"))
    )
    slug = forms.SlugField(
        label=_("Name in web addresses"),
        max_length=80,
        error_messages={
            "required": _("Enter the name in web addresses"),
            "invalid": _("Use lower-case letters, digits and hyphens"),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.ModelChoiceField(
        label=_("Service questions"),
        queryset=QuestionSet.objects.none(),
        error_messages=_required(_("Choose the service questions")),
    )
    one_service_limit = forms.BooleanField(
        label=_("Each supplier may offer one service"), required=False
    )

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = QuestionSet.objects.filter(
            authority=authority, purpose=QuestionSet.Purpose.SERVICE
        )


class QuestionSetForm(Form):
    slug = forms.SlugField(
        label=_("Name of the question set"),
        max_length=80,
        help_text=_("Like g-cloud-hosting. A name already used makes a new version of that set."),
        error_messages={
            "required": _("Enter a name"),
            "invalid": _("Use lower-case letters, digits and hyphens"),
        },
    )
    document = forms.CharField(
        label=_("Question-set document (JSON)"),
        required=False,
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 20, "class": "app-mono", "spellcheck": "false"}),
        help_text=_("The format is described in docs/question-sets.md."),
    )
    file = forms.FileField(label=_("Or upload a JSON file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 500_000:
                self.add_error("file", _("The file must be 500 KB or smaller"))
                return data
            try:
                # A byte order mark is stripped, as the results CSV's is.
                data["document"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file must be UTF-8 text"))
                return data
        if not data.get("document"):
            self.add_error("document", _("Paste the document or upload a file"))
        else:
            try:
                data["document"] = load_json(data["document"])
            except Unreadable as error:
                self.add_error("file" if upload else "document", str(error))
        return data


class ResultForm(Form):
    """Pass or fail the declaration and each complete service, with reasons."""

    declaration = forms.ChoiceField(
        label=_("Declaration"), choices=RESULT_CHOICES, widget=forms.RadioSelect, required=False
    )
    declaration_reason = forms.CharField(
        label=_("Reason (shown to the supplier)"),
        required=False,
        max_length=2000,
        widget=CharacterCountTextarea(attrs={"rows": 2}),
        error_messages=REASON_TOO_LONG,
    )

    def __init__(self, *args, drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = list(drafts)
        for draft in self.drafts:
            self.fields[f"service_{draft.pk}"] = forms.ChoiceField(
                label=_("Service: %(name)s (%(lot)s)")
                % {"name": draft.name or draft.pk, "lot": draft.lot.name},
                choices=RESULT_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"reason_{draft.pk}"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=2000,
                widget=CharacterCountTextarea(attrs={"rows": 2}),
                error_messages=REASON_TOO_LONG,
            )

    def field_for(self, name: str) -> str:
        """This form's field for an action's error key (declaration.reason,
        services.12.result, ...)."""
        part, _dot, rest = name.partition(".")
        if part == "declaration":
            return "declaration" if rest == "result" else "declaration_reason"
        if part == "services":
            draft_id, _dot, what = rest.partition(".")
            return f"service_{draft_id}" if what == "result" else f"reason_{draft_id}"
        return name

    def results(self):
        data = self.cleaned_data
        declaration = (
            (data["declaration"], data["declaration_reason"]) if data["declaration"] else None
        )
        services = {
            d.pk: (data[f"service_{d.pk}"], data[f"reason_{d.pk}"])
            for d in self.drafts
            if data.get(f"service_{d.pk}")
        }
        return declaration, services


class ResultsUploadForm(Form):
    file = forms.FileField(
        label=_("Results file (CSV)"),
        help_text=_(
            "Columns: application, service, result, reason. Leave "
            "service empty for the declaration's result."
        ),
        error_messages=_required(_("Choose a CSV file")),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5_000_000:
            raise forms.ValidationError(_("The file must be 5 MB or smaller"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file must be UTF-8 text")) from error


class ClarificationForm(Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=3000,
        widget=CharacterCountTextarea(attrs={"rows": 5}),
        help_text=_("Answers are published to every applicant, without saying who asked."),
        error_messages={
            "required": _("Enter your question"),
            "max_length": _("Your question must be 3,000 characters or fewer"),
        },
    )


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=CharacterCountTextarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter the answer"),
            "max_length": _("The answer must be 5,000 characters or fewer"),
        },
    )


class AgreementForm(Form):
    signer_name = forms.CharField(
        label=_("Full name of the person signing"),
        max_length=150,
        error_messages=_required(_("Enter the full name of the person signing")),
    )
    signer_role = forms.CharField(
        label=_("Their role"), max_length=150, error_messages=_required(_("Enter their role"))
    )
    authority_confirmed = forms.BooleanField(
        label=_("I confirm I have the authority to sign this agreement for the supplier"),
        error_messages=_required(_("Confirm you have the authority to sign")),
    )


class CopyForm(Form):
    """Which services to copy into new drafts: the previous iteration's live services and
    this application's own drafts."""

    error_names = {"source": _("The services to copy")}

    source = forms.MultipleChoiceField(
        label=_("Which services do you want to copy?"),
        help_text=_(
            "Each becomes a new draft in the lot of the same name. Answers to questions that "
            "changed are left for you to fill in."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            **_required(_("Choose at least one service to copy")),
            "invalid_choice": _("Choose at least one service to copy"),
        },
    )

    def __init__(self, *args, sources: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(key, s[0]) for key, s in sources.items()]
