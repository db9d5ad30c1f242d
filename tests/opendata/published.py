"""What open data published, read back as the API will serve it, and the catalogue's
direct-award projects made through the real actions (the catalogue tests make theirs
inline)."""

import datetime
import itertools

from openbuy.catalogue import actions as catalogue
from openbuy.opendata.models import Record, Release
from openbuy.opendata.serialize import loads
from tests import helpers


def releases(ocid: str) -> list[dict]:
    """The process's releases in the order they were written, amounts as Decimals."""
    return [loads(bytes(r.data)) for r in Release.objects.filter(ocid=ocid).order_by("seq")]


def raw(ocid: str) -> list[bytes]:
    return [bytes(r.data) for r in Release.objects.filter(ocid=ocid).order_by("seq")]


def tags(ocid: str) -> list[list[str]]:
    return [release["tag"] for release in releases(ocid)]


def compiled(ocid: str) -> dict:
    return loads(bytes(Record.objects.get(ocid=ocid).compiled))


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def assert_dates_increase(found: list[dict]) -> None:
    dates = [moment(release["date"]) for release in found]
    assert all(a < b for a, b in itertools.pairwise(dates)), dates


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def buyer_body_and_buyer():
    """A buyer body of its own (not the framework's authority) and one of its buyers."""
    body = helpers.buyer_body()
    return body, helpers.user("ailsa@sepa.org.uk", purpose="buyer")


def ended_project(buyer, body, lot, *, name="Secure hosting for the flood service", keywords=""):
    project = catalogue.project_create(
        actor=buyer, buyer=body, name=name, lot=lot, keywords=keywords
    )
    return catalogue.project_end(actor=buyer, project=project)
