"""Opportunities' models, one module per stage of a requirement's life."""

from .awards import Award
from .clarifications import ClarificationQuestion
from .evaluation import Evaluator, FinalScore, Score
from .requirements import Amendment, Requirement, RequirementLot, TeamMember, end_of
from .responses import Response

__all__ = [
    "Amendment",
    "Award",
    "ClarificationQuestion",
    "Evaluator",
    "FinalScore",
    "Requirement",
    "RequirementLot",
    "Response",
    "Score",
    "TeamMember",
    "end_of",
]
