"""Questions whose answers have parts: dates (day, month and year, within limits that may
count from today) and prices (from, up to, per unit and interval). The union of every
question type is here too, as the document reads them."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pydantic import Field

from openbuy.core.dates import date_problem
from openbuy.core.money import MoneyError, format_money, parse_amount

from .questions import (
    AnswerError,
    BooleanQuestion,
    ChoiceQuestion,
    ListQuestion,
    NumberQuestion,
    QuestionBase,
    TextQuestion,
    fill,
)
from .vocabulary import INTERVALS, UNITS, marked, word


class DateQuestion(QuestionBase):
    type: Literal["date"]
    not_before: datetime.date | None = None
    not_after: datetime.date | None = None
    max_days_ago: int | None = Field(
        None, ge=0, le=365_000, description="The answer may be at most this many days before today"
    )
    max_days_ahead: int | None = Field(
        None, ge=0, le=365_000, description="The answer may be at most this many days after today"
    )

    def parse(self, value, *, currency):
        if isinstance(value, datetime.date):
            day = value
        else:
            try:
                day = datetime.date.fromisoformat(value)
            except (TypeError, ValueError) as error:
                raise AnswerError(_("Enter a real date, like 2027-03-31")) from error
        problem = date_problem(day)
        if problem:
            raise AnswerError(problem)
        return day.isoformat()

    def bounds(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The earliest and latest answers allowed today."""
        today = timezone.localdate()
        earliest, latest = self.not_before, self.not_after
        if self.max_days_ago is not None:
            ago = today - datetime.timedelta(days=self.max_days_ago)
            earliest = max(earliest, ago) if earliest else ago
        if self.max_days_ahead is not None:
            ahead = today + datetime.timedelta(days=self.max_days_ahead)
            latest = min(latest, ahead) if latest else ahead
        return earliest, latest

    def check(self, value, *, currency=""):
        day = datetime.date.fromisoformat(value)
        earliest, latest = self.bounds()
        if earliest and day < earliest:
            raise AnswerError(
                _("The date must be on or after %(date)s")
                % {"date": date_format(earliest, "j F Y")}
            )
        if latest and day > latest:
            raise AnswerError(
                _("The date must be on or before %(date)s") % {"date": date_format(latest, "j F Y")}
            )

    def display(self, value, *, currency):
        return date_format(datetime.date.fromisoformat(value), "j F Y") if value else ""


class PricingQuestion(QuestionBase):
    """A price with a unit and an interval: from 400 per user per month, up to 900."""

    type: Literal["pricing"]
    units: list[str] = Field(min_length=1)
    intervals: list[str] = Field(default_factory=list)
    max_price_required: bool = False

    def parse(self, value, *, currency):
        if not isinstance(value, dict) or set(value) - {"min", "max", "unit", "interval"}:
            raise AnswerError(_("Give a price as min, max, unit and interval"))
        price = {
            "min": None,
            "max": None,
            "unit": value.get("unit"),
            "interval": value.get("interval") or None,
        }
        for bound in ("min", "max"):
            raw = value.get(bound)
            if raw in (None, ""):
                continue
            if isinstance(raw, float | bool) or not isinstance(raw, str | int):
                raise AnswerError(_('Give prices as text, like "400.00"'))
            try:
                price[bound] = f"{parse_amount(str(raw), currency):f}"
            except MoneyError as error:
                raise AnswerError(str(error)) from error
        return price

    def is_empty(self, value):
        return not value or value.get("min") is None

    def check(self, value, *, currency=""):
        if value.get("min") is None:
            raise AnswerError(_("Enter a minimum price"))
        if self.max_price_required and value.get("max") is None:
            raise AnswerError(_("Enter a maximum price"))
        if value.get("max") is not None and Decimal(value["max"]) < Decimal(value["min"]):
            raise AnswerError(_("The maximum price must be at least the minimum price"))
        if value.get("unit") not in self.units:
            raise AnswerError(_("Select a pricing unit"))
        if self.intervals and value.get("interval") not in self.intervals:
            raise AnswerError(_("Select how often the price is charged"))
        if not self.intervals and value.get("interval"):
            raise AnswerError(_("This price has no interval"))

    def display(self, value, *, currency):
        return self._shown(value, currency, lang="", html=False)

    def display_html(self, value, *, currency, lang=""):
        return [self._shown(value, currency, lang, html=True)] if not self.is_empty(value) else []

    def _shown(self, value, currency, lang, html) -> str:
        """ "£400 to £900 per user per month", with the unit and interval in the page's
        language (or, as HTML, a word of the document's own marked with its language)."""
        if self.is_empty(value):
            return ""

        def term(vocabulary, key):
            return marked(vocabulary, key, lang) if html else word(vocabulary, key)[0]

        parts = [fill("%(amount)s", html, amount=format_money(Decimal(value["min"]), currency))]
        if value.get("max") is not None:
            most = format_money(Decimal(value["max"]), currency)
            parts.append(fill(_("to %(amount)s"), html, amount=most))
        parts.append(fill(_("per %(unit)s"), html, unit=term(UNITS, value["unit"])))
        if value.get("interval"):
            interval = term(INTERVALS, value["interval"])
            parts.append(fill(_("per %(interval)s"), html, interval=interval))
        text = " ".join(parts)
        return mark_safe(text) if html else text  # noqa: S308 - every part is escaped by fill


Question = Annotated[
    TextQuestion
    | NumberQuestion
    | ChoiceQuestion
    | BooleanQuestion
    | ListQuestion
    | DateQuestion
    | PricingQuestion,
    Field(discriminator="type"),
]
