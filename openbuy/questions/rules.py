"""Rules across questions: a section's number questions whose answers must add up to a
figure ("The weightings must add up to 100; they add up to 90"), and one answer that may
not be above another ("The budget's upper end must be at least its lower end")."""

from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .questions import IDENTIFIER
from .text import Text


class Total(BaseModel):
    """Number (or money) questions of one section whose answers must add up to `equals`.
    The message goes on the first of them, where the page's error summary links."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    questions: list[Annotated[str, Field(pattern=IDENTIFIER)]] = Field(min_length=2, max_length=50)
    equals: Decimal
    name: Text(200) = ""

    @model_validator(mode="after")
    def _distinct(self):
        if len(set(self.questions)) != len(self.questions):
            raise ValueError(_("A total names each question once"))
        return self

    def problem(self, questions: dict, answers: dict, *, currency: str) -> str:
        """What is wrong with the total of `answers` (checked values of the questions that
        apply, in `questions`), or "" when it adds up."""
        first = questions[self.questions[0]]
        amount = sum((Decimal(answers[n]) for n in self.questions if n in answers), Decimal(0))
        if amount == self.equals:
            return ""
        parts = {
            "total": first.limit(self.equals, currency),
            "sum": first.limit(amount, currency),
        }
        if self.name:
            return _("%(name)s must add up to %(total)s; they add up to %(sum)s") % {
                "name": self.name,
                **parts,
            }
        return _("These answers must add up to %(total)s; they add up to %(sum)s") % parts


class AtMost(BaseModel):
    """A number, money or date question of a section (`lower`) whose answer may not be
    above another's (`upper`): a budget's two ends. The message goes on `upper`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    lower: str = Field(pattern=IDENTIFIER)
    upper: str = Field(pattern=IDENTIFIER)
    order_message: Text(300, required=True)

    def problem(self, answers: dict) -> str:
        low, high = answers.get(self.lower), answers.get(self.upper)
        if low in (None, "") or high in (None, ""):
            return ""
        try:
            above = Decimal(str(low)) > Decimal(str(high))
        except ArithmeticError:
            above = str(low) > str(high)  # ISO dates compare as text
        return str(self.order_message) if above else ""
