"""Forms of the evaluation's pages. The actions check every rule again; these say what is
wrong beside the field, and keep everything typed when something is."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from openbuy.core.errors import Invalid
from openbuy.core.forms import CharacterCountTextarea, Form

LIMIT = 5000


class AssignForm(Form):
    error_names = {"user": _("The evaluator")}
    user = forms.ModelChoiceField(
        label=_("Who will evaluate?"),
        queryset=None,
        empty_label=_("Choose a person"),
        help_text=_("A member of the buyer body. They declare their interests first."),
        error_messages={"required": _("Choose who will evaluate")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
        self.fields["user"].label_from_instance = lambda u: f"{u.name} ({u.email})"


class InterestsForm(Form):
    error_names = {"has_conflict": _("Your answer"), "details": _("The details")}
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with any supplier who responded?"),
        help_text=_(
            "For example, you or someone close to you works for, owns part of or advises one "
            "of them. If you do, you will not see the responses."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you have a conflict of interest")},
    )
    details = forms.CharField(
        label=_("Describe the conflict"),
        help_text=_("Needed if you answered yes: the supplier and how you are connected."),
        required=False,
        max_length=LIMIT,
        widget=CharacterCountTextarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not data.get("details"):
            self.add_error("details", _("Describe the conflict of interest"))
        return data


def _scale(low: int, high: int) -> list[tuple[str, str]]:
    return [(str(n), str(n)) for n in range(low, high + 1)]


class CriteriaForm(Form):
    """A score (radios on the jurisdiction's scale) and a written text for each criterion:
    `score_<key>` and `<text>_<key>`. Criteria left blank are not sent to the action."""

    text_name = "justification"
    text_label = _("Justification")
    text_missing = _("Explain the score")

    def __init__(self, *args, criteria, low: int, high: int, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_scores = initial_scores or {}
        for criterion in criteria:
            score, text = initial_scores.get(criterion.key, (None, ""))
            self.fields[f"score_{criterion.key}"] = forms.ChoiceField(
                label=format_html(
                    '{} <span class="govuk-visually-hidden">{}</span>',
                    _("Score"),
                    criterion.text,
                ),
                choices=_scale(low, high),
                required=False,
                widget=forms.RadioSelect,
                initial=None if score is None else str(score),
                help_text=_("From %(low)d (no evidence) to %(high)d (strong evidence)")
                % {"low": low, "high": high},
                error_messages={
                    "invalid_choice": _("Choose a score from %(low)d to %(high)d")
                    % {"low": low, "high": high}
                },
            )
            self.fields[f"score_{criterion.key}"].error_name = _("The score")
            self.fields[f"{self.text_name}_{criterion.key}"] = forms.CharField(
                label=format_html(
                    '{} <span class="govuk-visually-hidden">{}</span>',
                    self.text_label,
                    criterion.text,
                ),
                required=False,
                max_length=LIMIT,
                initial=text,
                widget=CharacterCountTextarea(attrs={"rows": 3}),
            )
            self.fields[f"{self.text_name}_{criterion.key}"].error_name = self.text_label

    def rows(self):
        """(criterion, score field, text field) for the template."""
        return [
            (c, self[f"score_{c.key}"], self[f"{self.text_name}_{c.key}"]) for c in self.criteria
        ]

    def needs_text(self, key: str, score: int) -> bool:
        return True

    def clean(self):
        data = super().clean()
        self.values = {}
        for c in self.criteria:
            score_name, text_name = f"score_{c.key}", f"{self.text_name}_{c.key}"
            if score_name in self.errors or text_name in self.errors:
                continue
            score, text = data.get(score_name), (data.get(text_name) or "").strip()
            if not score and not text:
                continue
            if not score:
                self.add_error(score_name, _("Choose a score"))
            elif not text and self.needs_text(c.key, int(score)):
                self.add_error(text_name, self.text_missing)
            else:
                self.values[c.key] = (int(score), text)
        if not self.errors and not self.values:
            raise forms.ValidationError(_("Score at least one criterion"))
        return data

    def show(self, error: Invalid) -> None:
        """An action's errors, keyed by criterion, beside the fields they are about."""
        for key, messages in error.errors.items():
            name = f"{self.text_name}_{key}"
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.errors:
            self.add_error(None, str(error))


def saved(request, form: CriteriaForm, run) -> bool:
    """On a valid POST, run the action with the form's values ({criterion: (score,
    text)}); its errors, keyed by criterion, go beside the fields."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        run(form.values)
    except Invalid as error:
        form.show(error)
        return False
    return True


class ScoresForm(CriteriaForm):
    pass


class FinalScoresForm(CriteriaForm):
    """Final scores: a reason is needed only where the score differs from the evaluators'."""

    text_name = "reason"
    text_label = _("Reason for the final score")
    text_missing = _("Give a reason: the evaluators did not all give this score")

    def __init__(self, *args, agreed: dict, **kwargs):
        self.agreed = agreed  # {criterion: the score every evaluator gave, or None}
        super().__init__(*args, **kwargs)
        for c in self.criteria:
            self.fields[f"reason_{c.key}"].help_text = _(
                "Needed where the final score differs from any evaluator's."
            )

    def needs_text(self, key: str, score: int) -> bool:
        return self.agreed.get(key) != score


class ShortlistForm(Form):
    error_names = {"responses": _("The shortlist")}
    responses = forms.TypedMultipleChoiceField(
        label=_("Who goes on to the second stage?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rankings, limit, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responses"]
        field.choices = [
            (
                s.response.pk,
                _("%(rank)d. %(supplier)s, %(total)s out of 100")
                % {"rank": s.rank, "supplier": s.response.supplier.name, "total": s.total},
            )
            for ranking in rankings
            for s in ranking.ranked
        ]
        field.initial = [
            s.response.pk for r in rankings for s in r.standings if s.response.shortlisted
        ]
        if limit:
            field.help_text = _("Choose up to %(limit)d, as the requirement said.") % {
                "limit": limit
            }
