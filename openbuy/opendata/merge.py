"""Compiling: the OCDS merge rules applied one release at a time.

`compile_release(compiled, release)` gives what ocdsmerge's compiled release of all the
releases so far would be, from the previous compiled release and the new release alone,
without flattening: so a record stays current in well under a millisecond as each
release arrives (tests/opendata/test_merge.py checks it against ocdsmerge on the same
inputs, null and empty values included). The rules are ocdsmerge's:

- `id`, `date` and `tag` are left out of the merge (the compiled release has its own);
- an object merges field by field; an array of objects merges by `id` (compared as
  text), an object without `id` is added; `wholeListMerge` arrays and arrays of
  anything else are replaced whole;
- a null removes a value (but not an object or merged array that earlier releases set,
  as ocdsmerge does); empty objects and arrays change nothing.

RULES lists the paths of the OCDS 1.1.5 release schema with the extensions openbuy
declares that are not merged by the default rules (test_merge.py checks it against
ocdsmerge's reading of that schema); paths it does not list, as other publishers'
extensions bring, follow the default rules, as in ocdsmerge.
"""

OMIT, WHOLE = "omitWhenMerged", "wholeListMerge"

_RULE_PATHS = """
awards.amendment.changes wholeListMerge
awards.amendments.changes wholeListMerge
awards.documents.relatedLots wholeListMerge
awards.items.additionalClassifications wholeListMerge
awards.relatedLots wholeListMerge
awards.suppliers.additionalIdentifiers wholeListMerge
bids.details.documents.relatedLots wholeListMerge
bids.details.relatedLots wholeListMerge
bids.details.tenderers.additionalIdentifiers wholeListMerge
buyer.additionalIdentifiers wholeListMerge
contracts.amendment.changes wholeListMerge
contracts.amendments.changes wholeListMerge
contracts.documents.relatedLots wholeListMerge
contracts.implementation.documents.relatedLots wholeListMerge
contracts.implementation.milestones.documents.relatedLots wholeListMerge
contracts.implementation.milestones.relatedLots wholeListMerge
contracts.implementation.transactions.payee.additionalIdentifiers wholeListMerge
contracts.implementation.transactions.payer.additionalIdentifiers wholeListMerge
contracts.items.additionalClassifications wholeListMerge
contracts.milestones.documents.relatedLots wholeListMerge
contracts.milestones.relatedLots wholeListMerge
contracts.relatedProcesses.relationship wholeListMerge
date omitWhenMerged
id omitWhenMerged
parties.additionalIdentifiers wholeListMerge
parties.roles wholeListMerge
planning.documents.relatedLots wholeListMerge
planning.milestones.documents.relatedLots wholeListMerge
planning.milestones.relatedLots wholeListMerge
relatedProcesses.relationship wholeListMerge
tag omitWhenMerged
tender.additionalProcurementCategories wholeListMerge
tender.amendment.changes wholeListMerge
tender.amendments.changes wholeListMerge
tender.designContest.juryMembers wholeListMerge
tender.designContest.selectedParticipants.additionalIdentifiers wholeListMerge
tender.documents.relatedLots wholeListMerge
tender.enquiries.author.additionalIdentifiers wholeListMerge
tender.items.additionalClassifications wholeListMerge
tender.lotGroups.awardCriteria.criteria wholeListMerge
tender.lotGroups.relatedLots wholeListMerge
tender.lots.awardCriteria.criteria wholeListMerge
tender.lots.designContest.juryMembers wholeListMerge
tender.lots.designContest.selectedParticipants.additionalIdentifiers wholeListMerge
tender.lots.selectionCriteria.criteria wholeListMerge
tender.lots.submissionTerms.languages wholeListMerge
tender.lots.submissionTerms.subcontractingClauses wholeListMerge
tender.lots.sustainability wholeListMerge
tender.milestones.documents.relatedLots wholeListMerge
tender.milestones.relatedLots wholeListMerge
tender.procuringEntity.additionalIdentifiers wholeListMerge
tender.selectionCriteria.criteria wholeListMerge
tender.submissionMethod wholeListMerge
tender.submissionTerms.languages wholeListMerge
tender.submissionTerms.subcontractingClauses wholeListMerge
tender.sustainability wholeListMerge
tender.tenderers.additionalIdentifiers wholeListMerge
"""


class InconsistentType(ValueError):
    """A release has an object where an earlier one had a value, or the reverse."""

    def __init__(self, existing, found: str, key: str):
        super().__init__()
        self.existing, self.found = existing, found
        self.keys = [key]  # the path, the outermost key last: each level adds its own

    def __str__(self) -> str:
        path = "/".join(reversed(self.keys))
        return (
            f"An earlier release had the value {self.existing!r} for /{path}, "
            f"but this release has {self.found}"
        )


def _rules_tree(text: str) -> dict:
    tree: dict = {}
    for line in text.strip().splitlines():
        path, rule = line.split()
        *parents, last = path.split(".")
        if parents and rule == OMIT:
            raise ValueError(f"{path}: omitWhenMerged is taken for a release's own fields only")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = rule
    return tree


RULES = _rules_tree(_RULE_PATHS)
# OCDS 1.0's organisations have no id, so ocdsmerge replaces its arrays of them whole (as it
# does any array whose items have no id in the schema): for other publishers' 1.0 data.
RULES_1_0 = _rules_tree(
    _RULE_PATHS + "awards.suppliers wholeListMerge\ntender.tenderers wholeListMerge"
)


def _merge_object(target: dict, source: dict, rules: dict | None) -> None:
    # The path of a key is only made when it is wrong (InconsistentType.keys): making it
    # for every object merged would cost a tenth of an import.
    for key, value in source.items():
        kind = type(value)
        # Most values, first and without a rule: omitWhenMerged is for the release's own
        # fields alone (compile_release leaves them out), and the rest apply to objects.
        if kind is str or kind is int or kind is float or kind is bool:
            target[key] = value
            continue
        rule = rules.get(key) if rules else None
        if kind is dict:
            if not value:
                continue
            existing = target.get(key)
            if existing is not None and type(existing) is not dict:
                raise InconsistentType(existing, "an object", key)
            try:
                if existing is None:
                    existing = {}
                    _merge_object(existing, value, rule if type(rule) is dict else None)
                    if existing:
                        target[key] = existing
                else:
                    _merge_object(existing, value, rule if type(rule) is dict else None)
            except InconsistentType as error:
                error.keys.append(key)
                raise
        elif kind is list:
            if not value:
                continue
            if rule != WHOLE:
                for item in value:
                    if type(item) is not dict:
                        break
                else:
                    existing = target.get(key)
                    if existing is None:
                        existing = []
                    elif type(existing) is not list or not _merged_by_id(existing):
                        raise InconsistentType(existing, "an array of objects", key)
                    try:
                        _merge_array(existing, value, rule if type(rule) is dict else None)
                    except InconsistentType as error:
                        error.keys.append(key)
                        raise
                    if existing:
                        target[key] = existing
                    continue
            target[key] = value
        elif value is None:
            existing = target.get(key)
            # ocdsmerge keeps what earlier releases set inside an object or merged array.
            if not (type(existing) is dict or (type(existing) is list and _merged_by_id(existing))):
                target.pop(key, None)
        else:
            target[key] = value


def _merged_by_id(array: list) -> bool:
    return all(type(item) is dict for item in array)


def _merge_array(target: list, source: list, rules: dict | None) -> None:
    by_id = {str(item["id"]): item for item in target if "id" in item}
    for item in source:
        if "id" in item:
            given = item["id"]
            identifier = str(given)
            existing = by_id.get(identifier)
            if existing is None:
                existing = by_id[identifier] = {"id": given}
                target.append(existing)
            first = existing["id"]
            merged = item
            if type(given) is dict or type(given) is list:
                # An object as an id: never merged into the first.
                merged = {k: v for k, v in item.items() if k != "id"}
            _merge_object(existing, merged, rules)
            existing["id"] = first  # an item keeps its first id (1, not "1")
        else:
            added: dict = {}
            _merge_object(added, item, rules)
            if added:
                target.append(added)


def compile_release(compiled: dict | None, release: dict, rules: dict = RULES) -> dict:
    """The compiled release after `release`, from the one before it (None for the first).
    `compiled` is changed in place and returned."""
    if compiled is None:
        compiled = {"tag": ["compiled"]}
    ocid, date = release.get("ocid"), release.get("date")
    compiled["id"] = f"{ocid}-{date}"
    compiled["date"] = date
    compiled["ocid"] = ocid
    kept = {k: v for k, v in release.items() if rules.get(k) != OMIT}
    _merge_object(compiled, kept, rules)
    return compiled


def compile_all(releases: list[dict], rules: dict = RULES) -> dict | None:
    """The compiled release of all of a process's releases, in date order (as ocdsmerge
    sorts them)."""
    compiled = None
    for release in sorted(releases, key=lambda r: r.get("date") or ""):
        compiled = compile_release(compiled, release, rules)
    return compiled


# The same rules as ocdsmerge takes them (a JSON path as a tuple, to its rule), for the
# versioned releases ocdsmerge makes on request.
FLAT_RULES = {
    tuple(line.split()[0].split(".")): line.split()[1] for line in _RULE_PATHS.strip().splitlines()
}
