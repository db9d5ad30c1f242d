"""Open Contracting ids: a jurisdiction's registered prefix and a process id that never
changes, like ocds-obsct0-rq-42. Lower apps link a page to its open-data record with
these; open data publishes under them."""

KINDS = {"framework": "fw", "requirement": "rq", "project": "da"}


def ocid(jurisdiction, kind: str, pk: int) -> str:
    return f"{jurisdiction.ocid_prefix}-{KINDS[kind]}-{pk}"
