"""Django forms generated from a question-set section, rendered with GOV.UK markup.

Fields only read what was typed; the questions' own rules (content.answers.check) decide
what is valid, so the web pages and the API apply exactly the same rules.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openbuy.core.forms import Form, GovukDateField
from openbuy.core.money import input_affixes, input_amount
from openbuy.core.templatetags.govuk import error_anchor
from openbuy.core.wording import Written

from .answers import check
from .document import QuestionSetDocument, Section, shown
from .questions import QuestionBase
from .vocabulary import INTERVALS, UNITS

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class PricingWidget(forms.MultiWidget):
    template_name = "questions/widgets/pricing.html"
    use_fieldset = True

    def __init__(self, units, intervals, currency="", lang=""):
        self.currency, self.lang = currency, lang
        # A document's own unit or interval (not in openbuy's vocabulary) keeps its language.
        self.own_words = {2: set(units) - UNITS.keys(), 3: set(intervals) - INTERVALS.keys()}
        money = {"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}
        widgets = [
            forms.TextInput(money),
            forms.TextInput(money),
            forms.Select(choices=self._choices(UNITS, units), attrs={"class": "govuk-select"}),
        ]
        if intervals:
            widgets.append(
                forms.Select(
                    choices=self._choices(INTERVALS, intervals), attrs={"class": "govuk-select"}
                )
            )
        super().__init__(widgets)

    @staticmethod
    def _choices(vocabulary, values):
        # Known words in the page's language (lazily, so per request).
        return [("", _("Select")), *((v, vocabulary.get(v, v)) for v in values)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        prefix, suffix = input_affixes(self.currency) if self.currency else ("", "")
        context["widget"] |= {"prefix": prefix, "suffix": suffix}
        for n, sub in enumerate(context["widget"]["subwidgets"]):
            sub["own_words"], sub["lang"] = self.own_words.get(n, set()), self.lang
        return context

    def decompress(self, value):
        if not value:
            return [None] * len(self.widgets)
        amounts = [
            input_amount(value[bound], self.currency) if value.get(bound) else value.get(bound)
            for bound in ("min", "max")
        ]
        parts = [*amounts, value.get("unit"), value.get("interval")]
        return parts[: len(self.widgets)]


class PricingField(forms.MultiValueField):
    def __init__(self, units, intervals, currency="", lang="", **kwargs):
        # The amounts have no limit on length: the question reads them and says what is
        # wrong (not in figures, or too large), which a count of characters would not.
        choices = 2 if intervals else 1
        parts = [forms.CharField(required=False) for _i in range(2)]
        parts += [forms.CharField(max_length=30, required=False) for _i in range(choices)]
        super().__init__(
            parts,
            widget=PricingWidget(units, intervals, currency, lang),
            require_all_fields=False,
            **kwargs,
        )
        choose = Written(_("Select one of the options shown"))
        for part in self.fields[2:]:
            part.error_messages["max_length"] = choose

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        keys = ["min", "max", "unit", "interval"]
        return {key: value or None for key, value in zip(keys, data_list, strict=False)}


def form_field(question: QuestionBase, currency: str = "", lang: str = "") -> forms.Field:
    common = {"label": question.question, "help_text": question.hint, "required": False}
    if question.type == "money" and not question.hint and currency:
        common["help_text"] = question.limits_hint(currency)
    kind = question.type
    if kind == "text":
        return forms.CharField(**common, strip=False)
    if kind == "textarea":
        return forms.CharField(**common, strip=False, widget=forms.Textarea(attrs={"rows": 6}))
    if kind in {"number", "money"}:
        mode = "numeric" if getattr(question, "integer", False) else "decimal"
        field = forms.CharField(
            **common,
            widget=forms.TextInput(attrs={"inputmode": mode, "class": "govuk-input--width-10"}),
        )
        # A money box has the currency's symbol beside it (govuk_widget).
        field.currency = currency if kind == "money" else ""
        return field
    if kind == "radios":
        return forms.ChoiceField(
            **common,
            widget=forms.RadioSelect,
            choices=[(o.value, o.label) for o in question.options],
        )
    if kind == "checkboxes":
        return forms.MultipleChoiceField(
            **common,
            widget=forms.CheckboxSelectMultiple,
            choices=[(o.value, o.label) for o in question.options],
        )
    if kind == "boolean":
        return forms.ChoiceField(**common, widget=forms.RadioSelect, choices=YES_NO)
    if kind == "list":
        hint = question.hint or _("Put each item on its own line.")
        return forms.CharField(
            **{**common, "help_text": hint}, strip=False, widget=forms.Textarea(attrs={"rows": 6})
        )
    if kind == "date":
        return GovukDateField(**common)
    if kind == "pricing":
        return PricingField(question.units, question.intervals, currency, lang, **common)
    raise ValueError(f"no form field for {kind}")  # pragma: no cover - the document is checked


def _given(number: int, hint: str) -> bool:
    """Whether the set's own hint already gives this limit ("each in 50 words or fewer"),
    its figures written with or without separators."""
    figures = re.sub(r"(?<=\d)[,.\s\u202f](?=\d{3}(?!\d))", "", hint)
    return re.search(rf"(?<!\d){number}(?!\d)", figures) is not None


def _say_limits(field: forms.Field, question: QuestionBase, text_lang: str) -> None:
    """The question's limits (words, characters, items, options) after its hint, in the
    page's language, so people know them before they type; a limit the set's own hint
    gives already is not said twice."""
    said = [
        sentence
        for number, sentence in question.size_limits()
        if not (question.hint and _given(number, question.hint))
    ]
    if not said:
        return
    limits = " ".join(str(sentence) for sentence in said)
    if not field.help_text:
        field.help_text = limits
    elif field.hint_translated:
        field.help_text = format_html("{}<br>{}", field.help_text, limits)
    else:
        # The set's hint keeps its language; the limits are in the page's.
        marked = format_html('<span lang="{}">{}</span>', text_lang, field.help_text)
        field.help_text = format_html("{}<br>{}", marked if text_lang else field.help_text, limits)
        field.hint_translated = True


def to_form(question: QuestionBase, value, currency: str = ""):
    if value is None:
        return None
    if question.type == "money":
        return input_amount(value, currency)  # "2,000,000", as people type it
    if question.type == "boolean":
        return "yes" if value else "no"
    if question.type == "list":
        return "\n".join(value)
    return value


def from_form(question: QuestionBase, value):
    if value in (None, "", []):
        return None
    if question.type == "boolean":
        return value == "yes"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class SectionForm(Form):
    """One section's questions. After is_valid(), `answers` holds the checked answers."""

    def __init__(
        self,
        *args,
        document: QuestionSetDocument,
        section: Section,
        currency: str,
        existing: dict | None = None,
        **kwargs,
    ):
        document, section = shown(document, section)
        self.document, self.section, self.currency = document, section, currency
        self.existing = dict(existing or {})
        kwargs.setdefault(
            "initial",
            {q.id: to_form(q, self.existing.get(q.id), currency) for q in section.questions},
        )
        super().__init__(*args, **kwargs)
        # The question set's own text keeps its language on a page in another (lang="en"):
        # its translation's, or the set's own; units it brings are in its own.
        lang, text_lang = document.lang(), document.text_lang()
        for question in section.questions:
            field = form_field(question, currency, lang)
            field.lang = text_lang
            # Questions are labels, not subjects: "The answer has a NUL character in it".
            field.error_name = gettext("The answer")
            field.options_lang = text_lang if question.type in {"radios", "checkboxes"} else ""
            # A hint openbuy wrote (the default, or a money question's limits) is translated.
            field.hint_translated = not question.hint
            _say_limits(field, question, text_lang)
            self.fields[question.id] = field
        self.answers: dict = {}
        self.notices: list[str] = []

    def clean(self):
        submitted = {
            q.id: from_form(q, self.cleaned_data.get(q.id))
            for q in self.section.questions
            if q.id in self.cleaned_data
        }
        checked = check(
            self.document,
            submitted,
            currency=self.currency,
            existing=self.existing,
            section=self.section,
        )
        for name, message in checked.errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        self.notices = self._not_kept(submitted)
        amounts = {q.id for q in self.section.questions if q.type in {"money", "pricing"}}
        self.answers = {
            name: _same_amounts(value, self.existing.get(name)) if name in amounts else value
            for name, value in checked.answers.items()
        }
        return self.cleaned_data

    def _not_kept(self, submitted: dict) -> list[str]:
        """Follow-up answers typed where the answer they follow does not ask for them: not
        kept (as a GOV.UK conditional field hidden by another choice is not), but said, so
        that no typed text goes without a word."""
        answers = {**self.existing, **submitted}
        notices = []
        for question in self.section.questions:
            follows = question.depends_on
            typed = submitted.get(question.id)
            if follows is None or follows.met(answers) or question.is_empty(typed):
                continue
            notices.append(
                gettext(
                    "Your answer to “%(question)s” was not kept: it is asked only after %(answers)s"
                )
                % {"question": question.question, "answers": self._choices(follows)}
            )
        return notices

    def _choices(self, follows) -> str:
        trigger = self.document.questions.get(follows.question)
        labels = {o.value: o.label for o in getattr(trigger, "options", None) or []}
        named = [
            labels.get(v) or (gettext("Yes") if v is True else gettext("No") if v is False else v)
            for v in follows.values
        ]
        return gettext(" or ").join(f"“{name}”" for name in named)


def _same_amounts(new, old):
    """The saved answer when the new one differs only in how its amounts are written: the
    form shows "400.00" as "400", and saving it unchanged must change nothing."""
    if old is None or new == old:
        return new
    if isinstance(new, str) and isinstance(old, str):
        return old if _amount(new) == _amount(old) is not None else new
    if isinstance(new, dict) and isinstance(old, dict) and new.keys() == old.keys():
        same = all(
            new[k] == old[k] or (_amount(new[k]) == _amount(old[k]) is not None) for k in new
        )
        return old if same else new
    return new


def _amount(value):
    try:
        return Decimal(value) if isinstance(value, str) else None
    except InvalidOperation:
        return None


def error_links(
    document: QuestionSetDocument, answers: dict, errors: dict, section_url
) -> list[tuple[str, str | None]]:
    """A GOV.UK error summary for answers that are not complete: (message, link) for each
    question in the document's order, the link going to the question's field on its
    section page (section_url(slug) gives the page's address)."""
    document, _section = shown(document)
    links = []
    for section in document.sections:
        form = None
        for question in section.questions:
            if question.id not in errors:
                continue
            form = form or SectionForm(document=document, section=section, currency="")
            if question.is_empty(answers.get(question.id)):
                message = gettext("Answer “%(question)s”") % {"question": question.question}
            else:
                message = gettext("%(question)s: %(problem)s") % {
                    "question": question.question,
                    "problem": errors[question.id][0],
                }
            anchor = error_anchor(form[question.id])
            links.append((message, f"{section_url(section.slug)}#{anchor}"))
    known = document.questions.keys()
    links += [(messages[0], None) for name, messages in errors.items() if name not in known]
    return links
