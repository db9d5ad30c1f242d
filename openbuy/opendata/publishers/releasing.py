"""What publishers' releases have alike: each is published now, in the jurisdiction of
the organisation that buys, in that jurisdiction's first language, naming it as buyer;
and a tender's count of bids, in all and in each lot."""

from django.utils import timezone

from .. import ocds, store
from .parties import reference


def publish(buyer, ocid: str, build, *, at=None) -> None:
    """The next release of `ocid` (store.publish), with `build`'s fields, dated `at` (when
    the event happened, if it was recorded later) or now."""
    store.publish(
        jurisdiction=buyer.jurisdiction,
        ocid=ocid,
        at=at or timezone.now(),
        build=lambda next_: {
            "language": (buyer.jurisdiction.languages or ["en"])[0],
            "buyer": reference(buyer),
            **build(next_),
        },
    )


def bid_counts(total: int, per_lot: dict[str, int], at) -> ocds.Bids:
    """How many bids there were in all, and in each lot when there are more than one
    (`per_lot`: every lot's id, in order, with its count): never who bid, or what."""
    statistics = [ocds.BidStatistic(id="bids", measure="bids", value=total, date=at)]
    if len(per_lot) > 1:
        statistics += [
            ocds.BidStatistic(
                id=f"bids-lot-{lot}", measure="bids", value=count, date=at, relatedLot=lot
            )
            for lot, count in per_lot.items()
        ]
    return ocds.Bids(statistics=statistics)
