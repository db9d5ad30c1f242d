"""Question types. Each knows how to read an answer (from JSON or a form), check it against
its limits, show it, export it, and feed the catalogue's search text and filters.

Answers are stored as JSON: text as strings, amounts as decimal strings, choices as option
values, lists as lists of strings, dates as YYYY-MM-DD, yes/no as booleans, and prices as
{"min", "max", "unit", "interval"}.
"""

import re
from decimal import Decimal
from typing import Any, ClassVar, Literal

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from openbuy.core.money import MoneyError, format_money, parse_amount

from .sizes import (
    ANSWER_CHARACTERS,
    ANSWER_WORDS,
    AT_LEAST_OPTIONS,
    AT_MOST_OPTIONS,
    ITEM_CHARACTERS,
    ITEM_UP_TO_CHARACTERS,
    ITEM_UP_TO_WORDS,
    ITEM_WORDS,
    ITEMS,
    UP_TO_CHARACTERS,
    UP_TO_ITEMS,
    UP_TO_OPTIONS,
    UP_TO_WORDS,
    count_words,
    counted,
)
from .text import Text, primary
from .vocabulary import TYPE_NAMES, UNITS, marked, word

IDENTIFIER = r"^[a-zA-Z][a-zA-Z0-9_]{0,63}$"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class AnswerError(ValueError):
    """An answer that breaks its question's rules; the message says how to fix it."""


def _parse_number(text: str) -> Decimal:
    """A number as people write it: "1,500" is fifteen hundred, "1,50" is an error."""
    text = text.strip()
    if not _NUMBER.match(text):
        raise AnswerError(_("Enter a number, like 12"))
    return Decimal(text.replace(",", ""))


def fill(template: str, html: bool, **parts) -> str:
    """A translated template with parts put in; as HTML (html), the template's text is
    escaped and parts already HTML (marked words) are kept."""
    if not html:
        return template % parts
    escaped = {name: conditional_escape(part) for name, part in parts.items()}
    return mark_safe(conditional_escape(template) % escaped)  # noqa: S308 - escaped above


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    label: Text(200, required=True)
    description: Text() = ""


class Dependency(BaseModel):
    """Ask this question only when another question has one of these answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    question: str = Field(pattern=IDENTIFIER)
    values: list[str | bool] = Field(min_length=1)
    # Of those, the answers after which it is asked but may be left empty ("explain, if you
    # like"): an explanation after "Not applicable" where that needs none.
    optional_values: list[str | bool] = Field(default_factory=list)

    @model_validator(mode="after")
    def _optional_among_values(self):
        stray = [v for v in self.optional_values if v not in self.values]
        if stray:
            raise ValueError(f"optional_values {stray} are not among values {self.values}")
        return self

    def met(self, answers: dict) -> bool:
        value = answers.get(self.question)
        if isinstance(value, list):
            return any(v in self.values for v in value)
        return value in self.values

    def optional_after(self, answers: dict) -> bool:
        value = answers.get(self.question)
        values = value if isinstance(value, list) else [value]
        return any(v in self.optional_values for v in values)


class QuestionBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    question: Text(500, required=True)
    hint: Text(1000) = ""
    optional: bool = False
    depends_on: Dependency | None = None
    searchable: bool = Field(False, description="Its text goes into the catalogue's search index")
    filter: bool = Field(False, description="The catalogue offers it as a search filter")
    filter_label: Text() = ""
    summary: bool = Field(False, description="Shown with each search result")
    copyable: bool = Field(True, description="Copied when a service moves to the next iteration")
    # The language its texts are in once its document is localised (QuestionSetDocument.
    # in_language), so its options can say their language; "" when not translated.
    _shown: str = PrivateAttr("")

    @property
    def type_name(self) -> str:
        return str(TYPE_NAMES[self.type])

    def text_lang(self, lang: str = "") -> str:
        """The language of the set's text (its options) when the page is in another: the
        translation shown, or `lang` (the document's own, given by the caller)."""
        if not self._shown:
            return lang
        return "" if primary(self._shown) == primary(get_language() or "en") else self._shown

    # --- reading --------------------------------------------------------------------
    def parse(self, value: Any, *, currency: str) -> Any:
        """The canonical JSON answer from what a client sent, or AnswerError."""
        raise NotImplementedError

    def check(self, value: Any, *, currency: str = "") -> None:
        """Rules beyond the type: limits, allowed options, required values (amounts' limits
        are given in the currency)."""

    def is_empty(self, value: Any) -> bool:
        return value is None or value == "" or value == []

    # --- showing ----------------------------------------------------------------------
    def display(self, value: Any, *, currency: str) -> str:
        return "" if self.is_empty(value) else str(value)

    def display_lines(self, value: Any, *, currency: str) -> list[str]:
        return [self.display(value, currency=currency)] if not self.is_empty(value) else []

    # Answers in words someone wrote (a supplier's text, the set's options), as opposed to
    # amounts, dates and yes/no, which openbuy writes in the page's language.
    own_words: ClassVar[bool] = False

    def display_html(self, value: Any, *, currency: str, lang: str = "") -> list[str]:
        """display_lines as HTML: words in another language than the page's (lang: the
        question set's, see docs/question-sets.md) are marked with it."""
        lines = self.display_lines(value, currency=currency)
        if lang and self.own_words:
            return [format_html('<span lang="{}">{}</span>', lang, line) for line in lines]
        return [conditional_escape(line) for line in lines]

    def size_limits(self) -> list[tuple[int, str]]:
        """How much the answer may hold, as (the limit, a sentence saying it in the page's
        language), for its form to say before anyone types."""
        return []

    def display_block(self, value: Any, *, currency: str, lang: str = "") -> str | None:
        """The answer as a block of HTML for a read-only page's summary list, where its
        lines alone would lose its shape (None: show display_html's lines)."""
        return None

    def export(self, value: Any, *, currency: str) -> str:
        return self.display(value, currency=currency)

    def search_text(self, value: Any) -> str:
        return ""

    def facet_values(self, value: Any) -> list[str]:
        return []

    @property
    def label_for_filter(self) -> str:
        return self.filter_label or self.question


class TextQuestion(QuestionBase):
    type: Literal["text", "textarea"]
    own_words: ClassVar[bool] = True
    max_words: int | None = Field(None, ge=1)
    max_length: int = Field(1000, ge=1, le=20000)

    def parse(self, value, *, currency):
        if not isinstance(value, str):
            raise AnswerError(_("Enter text"))
        return value.strip()

    def check(self, value, *, currency=""):
        if len(value) > self.max_length:
            raise AnswerError(counted(ANSWER_CHARACTERS, self.max_length))
        if self.max_words and count_words(value) > self.max_words:
            raise AnswerError(counted(ANSWER_WORDS, self.max_words))

    def search_text(self, value):
        return value if self.searchable and value else ""

    def size_limits(self):
        # Words when counted; else a paragraph box's characters (a one-line box's size
        # says enough).
        if self.max_words:
            return [(self.max_words, counted(UP_TO_WORDS, self.max_words))]
        if self.type == "textarea":
            return [(self.max_length, counted(UP_TO_CHARACTERS, self.max_length))]
        return []

    def display_block(self, value, *, currency, lang=""):
        """Text written over several lines keeps its shape: a paragraph for each run of
        lines between blank ones, a line break within one (None for a single line)."""
        text = normalize_newlines(value) if isinstance(value, str) else ""
        if "\n" not in text:
            return None
        marked = format_html(' lang="{}"', lang) if lang else ""
        paragraphs = [
            format_html(
                '<p class="govuk-body"{}>{}</p>',
                marked,
                format_html_join(mark_safe("<br>"), "{}", ((line,) for line in part.split("\n"))),
            )
            for part in PARAGRAPH_BREAK.split(text.strip())
        ]
        return mark_safe("".join(paragraphs))  # noqa: S308 - each part is format_html's


class NumberQuestion(QuestionBase):
    type: Literal["number", "money"]
    min: Decimal | None = None
    max: Decimal | None = None
    integer: bool = False
    unit: str = ""

    def parse(self, value, *, currency):
        if isinstance(value, bool | float):
            raise AnswerError(_('Give numbers as whole numbers or as text, like "12.50"'))
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise AnswerError(_("Enter a number"))
        if self.type == "money":
            try:
                amount = parse_amount(value, currency)
            except MoneyError as error:
                raise AnswerError(str(error)) from error
        else:
            amount = _parse_number(value)
        if self.integer and amount != amount.to_integral_value():
            raise AnswerError(_("Enter a whole number"))
        return f"{amount:f}"

    def check(self, value, *, currency=""):
        amount = Decimal(value)
        if self.min is not None and amount < self.min:
            limit = self.limit(self.min, currency)
            if self.type == "money":
                raise AnswerError(_("Enter an amount of %(limit)s or more") % {"limit": limit})
            raise AnswerError(_("Enter %(limit)s or more") % {"limit": limit})
        if self.max is not None and amount > self.max:
            limit = self.limit(self.max, currency)
            if self.type == "money":
                raise AnswerError(_("Enter an amount of %(limit)s or less") % {"limit": limit})
            raise AnswerError(_("Enter %(limit)s or less") % {"limit": limit})

    def limit(self, amount: Decimal, currency: str) -> str:
        """A limit as people write it: "£1,000,000" for money (in its currency), "40"."""
        if self.type == "money" and currency:
            return format_money(amount, currency)
        return number_format(amount.normalize(), force_grouping=True)

    def limits_hint(self, currency: str) -> str:
        """The limits as a hint, for a money question with none of its own: the document
        gives bare numbers, the jurisdiction the currency ("At least £1,000,000")."""
        if self.type != "money" or (self.min is None and self.max is None):
            return ""
        low = self.limit(self.min, currency) if self.min is not None else None
        high = self.limit(self.max, currency) if self.max is not None else None
        if low and high:
            return _("From %(low)s to %(high)s") % {"low": low, "high": high}
        if low:
            return _("At least %(limit)s") % {"limit": low}
        return _("At most %(limit)s") % {"limit": high}

    def display(self, value, *, currency):
        if self.is_empty(value):
            return ""
        if self.type == "money":
            return format_money(Decimal(value), currency)
        return f"{value} {word(UNITS, self.unit)[0]}".strip()

    def display_html(self, value, *, currency, lang=""):
        if self.is_empty(value) or self.type == "money" or not self.unit:
            return super().display_html(value, currency=currency, lang=lang)
        return [format_html("{} {}", value, marked(UNITS, self.unit, lang))]


class ChoiceQuestion(QuestionBase):
    type: Literal["radios", "checkboxes"]
    own_words: ClassVar[bool] = True
    options: list[Option] = Field(min_length=1)
    min_selections: int = Field(0, ge=0)
    max_selections: int | None = Field(None, ge=1)
    category: bool = Field(False, description="Lot's categories, for catalogue navigation")

    @model_validator(mode="after")
    def _unique_values(self):
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError(_("Option values must be unique"))
        return self

    def labels(self) -> dict[str, str]:
        return {o.value: o.label for o in self.options}

    def size_limits(self):
        if self.type == "checkboxes" and self.max_selections:
            return [(self.max_selections, counted(UP_TO_OPTIONS, self.max_selections))]
        return []

    def parse(self, value, *, currency):
        if self.type == "radios":
            if not isinstance(value, str):
                raise AnswerError(_("Select one option"))
            return value
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError(_("Select options from the list"))
        order = [o.value for o in self.options]
        return sorted(set(value), key=lambda v: order.index(v) if v in order else len(order))

    def check(self, value, *, currency=""):
        allowed = self.labels()
        chosen = [value] if isinstance(value, str) else value
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            raise AnswerError(
                _("%(value)s is not one of the options; choose again") % {"value": unknown[0]}
            )
        if self.type == "checkboxes":
            if len(chosen) < self.min_selections:
                raise AnswerError(counted(AT_LEAST_OPTIONS, self.min_selections))
            if self.max_selections and len(chosen) > self.max_selections:
                raise AnswerError(counted(AT_MOST_OPTIONS, self.max_selections))

    def display_lines(self, value, *, currency):
        labels = self.labels()
        chosen = [value] if isinstance(value, str) else value or []
        return [labels.get(v, v) for v in chosen]

    def display_html(self, value, *, currency, lang=""):
        return super().display_html(value, currency=currency, lang=self.text_lang(lang))

    def display(self, value, *, currency):
        return ", ".join(self.display_lines(value, currency=currency))

    def search_text(self, value):
        return " ".join(self.display_lines(value, currency="")) if self.searchable else ""

    def facet_values(self, value):
        if not (self.filter or self.category) or self.is_empty(value):
            return []
        return [value] if isinstance(value, str) else list(value)


class BooleanQuestion(QuestionBase):
    type: Literal["boolean"]
    required_value: bool | None = Field(None, description="The only answer that lets you go on")
    required_value_message: Text() = ""

    def parse(self, value, *, currency):
        if not isinstance(value, bool):
            raise AnswerError(_("Answer yes or no"))
        return value

    def check(self, value, *, currency=""):
        if self.required_value is not None and value != self.required_value:
            raise AnswerError(
                self.required_value_message
                or (
                    _("You must answer yes to apply")
                    if self.required_value
                    else _("You must answer no to apply")
                )
            )

    def display(self, value, *, currency):
        if value is None:
            return ""
        return _("Yes") if value else _("No")

    def facet_values(self, value):
        return ["yes" if value else "no"] if self.filter and value is not None else []


class ListQuestion(QuestionBase):
    type: Literal["list"]
    own_words: ClassVar[bool] = True
    max_items: int = Field(10, ge=1, le=100)
    max_words_per_item: int | None = Field(None, ge=1)
    max_length_per_item: int = Field(300, ge=1, le=2000)

    def parse(self, value, *, currency):
        if isinstance(value, str):
            value = value.splitlines()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError(_("Enter a list of items, one a line"))
        return [v.strip() for v in value if v.strip()]

    def check(self, value, *, currency=""):
        if len(value) > self.max_items:
            raise AnswerError(counted(ITEMS, self.max_items))
        for item in value:
            if len(item) > self.max_length_per_item:
                raise AnswerError(counted(ITEM_CHARACTERS, self.max_length_per_item))
            if self.max_words_per_item and count_words(item) > self.max_words_per_item:
                raise AnswerError(counted(ITEM_WORDS, self.max_words_per_item))

    def size_limits(self):
        found = [(self.max_items, counted(UP_TO_ITEMS, self.max_items))]
        if self.max_words_per_item:
            found.append(
                (self.max_words_per_item, counted(ITEM_UP_TO_WORDS, self.max_words_per_item))
            )
        elif "max_length_per_item" in self.model_fields_set:
            n = self.max_length_per_item
            found.append((n, counted(ITEM_UP_TO_CHARACTERS, n)))
        return found

    def display_lines(self, value, *, currency):
        return list(value or [])

    def display(self, value, *, currency):
        return "; ".join(value or [])

    def search_text(self, value):
        return " ".join(value or []) if self.searchable else ""
