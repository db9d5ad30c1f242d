"""Bulk OCDS releases for the open data bench: processes that go through the stages a
requirement does (tender, enquiries, closing counts, award, contract, amendments), each
release compiled as it is written, inserted in bulk straight into open data's store (the
store's own publish path is what the bench times separately)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from openbuy.core.models import Jurisdiction
from openbuy.opendata.merge import compile_release
from openbuy.opendata.models import Record, Release
from openbuy.opendata.serialize import dumps

PREFIX = "ocds-bench0"
WORDS = (
    "digital service discovery alpha beta flood permits data platform records cloud "
    "hosting user research accessibility casework licensing payments identity maps"
).split()
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
CHUNK = 5_000


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def jurisdiction() -> Jurisdiction:
    place, _ = Jurisdiction.objects.get_or_create(
        code="GB-WLS",
        defaults={
            "name": "Bench",
            "currency": "GBP",
            "languages": ["en"],
            "time_zone": "Europe/London",
            "ocid_prefix": PREFIX,
        },
    )
    return place


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _party(n: int, name: str, roles, scale=None) -> dict:
    party = {"id": f"org-{n}", "name": name, "roles": roles}
    if scale:
        party["details"] = {"scale": scale}
    return party


def _stage(rng, ocid, number, stage, when, lots, buyer) -> dict:
    """Release `number` of a process at `stage` (0 tender, 1 enquiries, 2 closed, 3
    award, 4 contract, 5+ amendments)."""
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{number}",
        "date": _iso(when),
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
    }
    tender = {"id": ocid.rsplit("-", 1)[1], "status": "active"}
    if stage == 0:
        budget = Decimal(rng.randrange(20_000, 900_000)) + Decimal("0.50")
        release["tag"] = ["planning", "tender"]
        release["parties"] = [buyer]
        release["planning"] = {"budget": {"amount": {"amount": budget, "currency": "GBP"}}}
        tender.update(
            {
                "title": _text(rng, 6),
                "description": _text(rng, 60),
                "procuringEntity": release["buyer"],
                "value": {"amount": budget, "currency": "GBP"},
                "procurementMethod": "selective",
                "mainProcurementCategory": "services",
                "tenderPeriod": {
                    "startDate": _iso(when),
                    "endDate": _iso(when + datetime.timedelta(days=14)),
                },
                "lots": [
                    {
                        "id": str(n),
                        "title": _text(rng, 4),
                        "status": "active",
                        # In pence, as openbuy's lots hold money (two decimal places).
                        "value": {
                            "amount": (budget / lots).quantize(Decimal("0.01")),
                            "currency": "GBP",
                        },
                    }
                    for n in range(1, lots + 1)
                ],
            }
        )
    elif stage == 1:
        release["tag"] = ["tenderUpdate"]
        tender["hasEnquiries"] = True
        tender["enquiries"] = [
            {
                "id": str(n),
                "description": _text(rng, 15),
                "answer": _text(rng, 30),
                "dateAnswered": _iso(when),
            }
            for n in range(1, rng.randint(1, 3) + 1)
        ]
    elif stage == 2:
        count = rng.randint(1, 12)
        release["tag"] = ["tenderUpdate"]
        tender["numberOfTenderers"] = count
        release["bids"] = {
            "statistics": [{"id": "bids", "measure": "bids", "value": count, "date": _iso(when)}]
        }
    elif stage in (3, 4):
        supplier = _party(
            10_000 + rng.randrange(5_000),
            f"Supplier {rng.randrange(5_000)} Ltd",
            ["supplier", "tenderer"],
            rng.choice(["micro", "small", "medium", "large"]),
        )
        award = {
            "id": "1",
            "status": "pending" if stage == 3 else "active",
            "date": _iso(when),
            "value": {"amount": Decimal(rng.randrange(10_000, 500_000)), "currency": "GBP"},
            "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
            "relatedLots": ["1"],
        }
        release["tag"] = ["award"] if stage == 3 else ["awardUpdate", "contract"]
        release["parties"] = [buyer, supplier]
        release["awards"] = [award]
        if stage == 4:
            release["contracts"] = [
                {"id": "1", "awardID": "1", "status": "active", "value": award["value"]}
            ]
    else:
        release["tag"] = ["tenderAmendment"]
        tender["amendments"] = [
            {"id": str(stage - 4), "date": _iso(when), "rationale": _text(rng, 12)}
        ]
    release["tender"] = tender
    return release


def _keys(release: dict) -> str:
    used = []
    tender = release.get("tender", {})
    if tender.get("lots") or release.get("awards"):
        used.append("lots")
    if release.get("bids"):
        used.append("bids")
    if any("details" in p for p in release.get("parties", ())):
        used.append("scale")
    if tender.get("enquiries"):
        used.append("enquiries")
    return ",".join(used)


def releases(total: int, processes: int, *, progress, seed=10) -> int:
    """Write `total` releases over `processes` processes; returns how many were written."""
    rng = random.Random(seed)
    place = jurisdiction()
    per, extra = divmod(total, processes)
    written = 0
    for first in range(0, processes, CHUNK):
        chunk = range(first, min(first + CHUNK, processes))
        counts = {p: per + (1 if p < extra else 0) for p in chunk}
        state = {}
        rows = []
        for stage in range(max(counts.values())):
            for p in chunk:
                if stage >= counts[p]:
                    continue
                ocid = f"{PREFIX}-rq-{p}"
                if stage == 0:
                    buyer = _party(p % 500, f"Council {p % 500}", ["buyer", "procuringEntity"])
                    state[p] = {
                        "compiled": None,
                        "when": START + datetime.timedelta(minutes=p),
                        "lots": rng.randint(1, 3),
                        "buyer": buyer,
                        "keys": set(),
                    }
                s = state[p]
                s["when"] += datetime.timedelta(
                    days=rng.randint(1, 9), seconds=rng.randint(0, 86_399)
                )
                release = _stage(rng, ocid, stage + 1, stage, s["when"], s["lots"], s["buyer"])
                keys = _keys(release)
                data = dumps(release)
                s["compiled"] = compile_release(s["compiled"], release)
                s["keys"].update(k for k in keys.split(",") if k)
                s["last"] = (s["when"], stage + 1)
                rows.append(
                    Release(
                        jurisdiction=place,
                        ocid=ocid,
                        release_id=release["id"],
                        date=s["when"],
                        tags=",".join(release["tag"]),
                        extensions=keys,
                        data=data,
                        size=len(data),
                    )
                )
        with transaction.atomic():
            Release.objects.bulk_create(rows, batch_size=2_000)
            ocids = [f"{PREFIX}-rq-{p}" for p in chunk]
            last = dict(
                Release.objects.filter(ocid__in=ocids)
                .values("ocid")
                .annotate(last=Max("seq"))
                .values_list("ocid", "last")
            )
            Record.objects.bulk_create(
                [
                    Record(
                        ocid=f"{PREFIX}-rq-{p}",
                        jurisdiction=place,
                        compiled=dumps(state[p]["compiled"]),
                        releases=state[p]["last"][1],
                        extensions=",".join(sorted(state[p]["keys"])),
                        last_date=state[p]["last"][0],
                        last_seq=last[f"{PREFIX}-rq-{p}"],
                    )
                    for p in chunk
                ],
                batch_size=2_000,
            )
        written += len(rows)
        progress(f"  generated {written:,} releases over {chunk.stop:,} processes")
    return written
