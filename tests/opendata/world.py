"""Releases for the API's tests, published through the real store under a buyer's
jurisdiction (what a publisher does), quicker than a requirement's whole life."""

import datetime

from django.db import transaction
from django.utils import timezone

from openbuy.opendata import ocds, store
from tests.opportunities import factories as f


def jurisdiction():
    _person, body = f.buyer()
    return body.jurisdiction


def publish(place, number: int, *, tag="tender", lots=False, status="active") -> str:
    """The next release of process `number` (its ocid is returned)."""
    ocid = f"{place.ocid_prefix}-test-{number}"
    tender = ocds.Tender(
        id=f"t{number}",
        title=f"Process {number}",
        status=status,
        lots=[ocds.Lot(id="1", title="Lot 1")] if lots else None,
    )
    with transaction.atomic():
        store.publish(
            jurisdiction=place,
            ocid=ocid,
            at=timezone.now() + datetime.timedelta(seconds=number),
            build=lambda _next: {"tag": [tag], "tender": tender},
        )
    return ocid
