"""The object types of question sets' audit events. Events recorded before question sets had
their own app (issue 8) name them "frameworks.questionset"; the trail's hash chain forbids
rewriting them, so both names are read as question sets."""

OBJECT_TYPES = ("questions.questionset", "frameworks.questionset")
FORMER_TYPES = OBJECT_TYPES[1:]
