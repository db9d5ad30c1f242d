"""Question sets as data: one JSON document per set generates forms, validation, read-only
summaries, CSV/ODS exports and the catalogue's search filters. A new framework needs data,
not code. See docs/question-sets.md for the document format."""

from .document import QuestionSetDocument, load_document
from .questions import AnswerError

__all__ = ["AnswerError", "QuestionSetDocument", "load_document"]
