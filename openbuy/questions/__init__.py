"""Question sets as data: one JSON document per set generates forms, validation, read-only
summaries, CSV/ODS exports and the catalogue's search filters. A new framework needs data,
not code. Other apps use them through `openbuy.questions.interface`; see
docs/question-sets.md for the document format and that interface."""
