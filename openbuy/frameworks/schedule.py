"""A framework's six dates must follow each other, and a new framework cannot start in the
past. The actions check this before the database does, so each broken rule is an error on
the date that breaks it rather than a constraint's name.

Once a framework has opened, its planned opening is history: the dates after it follow the
day it actually opened (it may have opened before or after the plan), so a manager can move
the closing dates without rewriting when applications opened."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openbuy.core.dates import date_problem

# Each date with the one before it and the message when it comes too early.
ORDER = [
    (
        "clarifications_close_on",
        "opens_on",
        False,
        gettext_lazy("Clarification questions must close on or after the day applications open"),
    ),
    (
        "applications_close_on",
        "clarifications_close_on",
        False,
        gettext_lazy("Applications must close on or after the day clarification questions close"),
    ),
    (
        "intention_to_award_on",
        "applications_close_on",
        False,
        gettext_lazy("The intention to award must be on or after the day applications close"),
    ),
    (
        "live_on",
        "intention_to_award_on",
        False,
        gettext_lazy("The framework must go live on or after the intention to award"),
    ),
    (
        "expires_on",
        "live_on",
        True,
        gettext_lazy("The framework must expire after the day it goes live"),
    ),
]


def schedule_errors(framework, *, today=None) -> dict[str, list[str]]:
    """The dates out of order, by field. With `today` (a new framework), also a start in
    the past: every later date follows the opening, so none can be in the past either."""
    errors: dict[str, list[str]] = {}
    for name in ("opens_on", *(name for name, *_rest in ORDER)):
        if problem := date_problem(getattr(framework, name)):
            errors[name] = [problem]
    if errors:  # a year typed as "27" says nothing about the order of the dates
        return errors
    if today is not None and framework.opens_on and framework.opens_on < today:
        errors["opens_on"] = [_("Applications must open today or later")]
    opened = opened_on(framework)
    for name, before, strictly, planned_message in ORDER:
        message = planned_message
        day, earlier = getattr(framework, name), getattr(framework, before)
        if before == "opens_on" and opened is not None:
            earlier = opened
            message = _(
                "Clarification questions must close on or after the day applications opened "
                "(%(date)s)"
            ) % {"date": formats.date_format(opened, "j F Y")}
        if day is None or earlier is None:
            continue
        if day < earlier or (strictly and day == earlier):
            errors.setdefault(name, []).append(str(message))
    return errors


def opened_on(framework):
    """The day applications actually opened, in the authority's time zone, or None."""
    if framework.opened_at is None:
        return None
    return timezone.localtime(framework.opened_at, framework.zone).date()
