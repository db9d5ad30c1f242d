"""Frameworks' models, by what they hold (`from openbuy.frameworks.models import X` works
for each)."""

from .agreements import Agreement, ClarificationQuestion
from .applications import Application, DraftService, Result
from .lifecycle import Framework, Lot

__all__ = [
    "Agreement",
    "Application",
    "ClarificationQuestion",
    "DraftService",
    "Framework",
    "Lot",
    "Result",
]
