"""One pattern for destructive and final steps: a page that says what will happen, with a
"Yes, …" button and a way back (GET), and the step itself (POST).

The action still enforces every rule. When it refuses (a stale page, someone else was
quicker), the person stays on this page and reads why in a GOV.UK error summary, never a
dead end."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from .errors import ActionError


@dataclass
class Confirmation:
    title: str  # the question, like "Close applications for G-Cloud 14?"
    yes: str  # the button, like "Yes, close applications"
    back: str  # where Cancel goes
    consequences: list[str] = field(default_factory=list)  # what will happen, with counts
    caption: str = ""
    warning: str = ""  # like "You cannot undo this."
    destructive: bool = False  # a red button
    refused: list[str] = field(default_factory=list)  # what stops the step now (its guard)
    fix: tuple[str, str] | None = None  # (label, address) of where to deal with that
    # What the person checks before saying yes (check your answers): a template and its
    # context, shown under the title.
    details_template: str = ""
    details: dict = field(default_factory=dict)
    statement: str = ""  # what saying yes declares, like "…the answers are correct"


def confirm(
    request, describe: Callable[[], Confirmation], run: Callable[[], HttpResponse]
) -> HttpResponse:
    """Show describe()'s page, or run() the step on POST and return its response."""
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    refused, status = None, 200
    if request.method == "POST":
        try:
            return run()
        except ActionError as error:
            refused, status = error, error.status
    confirmation = describe()
    # The guard's reasons, read afresh, one per line; else what the action said.
    problems = confirmation.refused or ([str(refused)] if refused else [])
    return render(
        request,
        "core/confirm.html",
        {"confirmation": confirmation, "problems": problems},
        status=status,
    )
