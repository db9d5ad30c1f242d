"""Frameworks through the API: the same actions and permissions as the pages.

One router, its endpoints in modules by what they hold, imported in the order their
routes are listed (an address two routes could take goes to the first)."""

# isort: off
from .common import router
from . import frameworks, question_sets, applications, evaluation  # noqa: F401

# isort: on

__all__ = ["router"]
