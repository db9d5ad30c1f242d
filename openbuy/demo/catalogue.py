"""A believable catalogue for the demo: several dozen suppliers of every size band in both
jurisdictions and a few hundred services, their text and prices drawn from the small
vocabularies in vocabulary.py by a random generator with a fixed seed, so every run (and
every machine) makes the same catalogue. Only data is made here; data.py and frameworks.py
put it in through the real actions."""

import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from openbuy.accounts.registration import SCHEMES

from . import vocabulary as words

SEED = 2026
QUESTION_SETS = Path(__file__).resolve().parent.parent / "questions" / "shipped"
LOT_QUESTIONS = {
    "cloud-hosting": "g-cloud-hosting",
    "cloud-software": "g-cloud-software",
    "cloud-support": "g-cloud-support",
}

# How many generated suppliers of each size band each jurisdiction has, and how many
# services (fewest, most) a supplier of a band offers.
BANDS = {
    "GB-SCT": {"micro": 10, "small": 9, "medium": 6, "large": 3},
    "AU": {"micro": 5, "small": 4, "medium": 3, "large": 2},
}
SERVICES_PER_SUPPLIER = {"micro": (2, 6), "small": (4, 8), "medium": (6, 12), "large": (10, 16)}
# (headcount, turnover) ranges that fall in each band (EU Recommendation 2003/361 limits).
SIZES = {
    "micro": ((1, 9), (80_000, 1_800_000)),
    "small": ((10, 49), (2_200_000, 9_000_000)),
    "medium": ((50, 249), (11_000_000, 45_000_000)),
    "large": ((260, 5_000), (60_000_000, 900_000_000)),
}
DATA_LOCATIONS = {"GB-SCT": ["uk", "uk", "uk", "eea"], "AU": ["other"]}
CERTIFICATIONS = {
    "GB-SCT": ["iso27001", "cyber-essentials", "cyber-essentials-plus", "soc2"],
    "AU": ["iso27001", "soc2"],
}
HOSTED_IN = {"GB-SCT": ["Scotland", "the UK", "Edinburgh", "Glasgow"], "AU": ["Australia"]}


PRODUCTS = [(lot, product) for lot, vocab in words.LOTS.items() for product in vocab["products"]]


@dataclass
class SupplierSpec:
    jurisdiction: str
    name: str
    scheme: str
    number: str
    country: str
    headcount: int
    turnover: Decimal
    balance_sheet: Decimal
    email: str
    band: str
    # (lot slug, answers) for each service it offers
    services: list[tuple[str, dict]] = field(default_factory=list)


def suppliers(code: str) -> list[SupplierSpec]:
    """The generated suppliers of a jurisdiction, with their services: the same every run."""
    rng = random.Random(f"{SEED}-{code}")  # noqa: S311 - demo text, seeded to repeat
    places = rng.sample(words.PLACES[code], len(words.PLACES[code]))
    made, names = [], set()
    for band, count in BANDS[code].items():
        for _n in range(count):
            place = places[len(made) % len(places)]
            name = f"{place} {rng.choice(words.TRADES)} {rng.choice(words.FORMS[code][band])}"
            while name in names:
                name = f"{place} {rng.choice(words.TRADES)} {rng.choice(words.FORMS[code][band])}"
            names.add(name)
            spec = _supplier(rng, code, band, name, len(made))
            low, high = SERVICES_PER_SUPPLIER[band]
            offered = rng.sample(PRODUCTS, rng.randint(low, high))
            spec.services = [service(rng, code, place, lot, product) for lot, product in offered]
            made.append(spec)
    return made


def services_for(code: str, name: str) -> list[tuple[str, dict]]:
    """Generated services for a supplier made by hand (named after its first word)."""
    rng = random.Random(f"{SEED}-{code}-{name}")  # noqa: S311 - demo text, seeded to repeat
    offered = rng.sample(PRODUCTS, rng.randint(4, 10))
    return [service(rng, code, name.split()[0], lot, product) for lot, product in offered]


def _supplier(rng: random.Random, code: str, band: str, name: str, n: int) -> SupplierSpec:
    (staff_low, staff_high), (turnover_low, turnover_high) = SIZES[band]
    turnover = Decimal(rng.randrange(turnover_low, turnover_high, 10_000))
    domain = "".join(c for c in name.lower().split()[0] + name.lower().split()[1] if c.isalpha())
    if code == "AU":
        scheme, number, country = "AU-ABN", _abn(rng), "AU"
    else:
        scheme, number, country = "GB-COH", f"SC7{n:05d}", "GB"
    return SupplierSpec(
        jurisdiction=code,
        name=name,
        scheme=scheme,
        number=number,
        country=country,
        headcount=rng.randint(staff_low, staff_high),
        turnover=turnover,
        # A balance sheet below the turnover keeps the band the turnover and staff give.
        balance_sheet=(turnover * Decimal(rng.randint(20, 80)) / 100).quantize(Decimal(1)),
        email=f"admin@{domain}.example",
        band=band,
    )


def _abn(rng: random.Random) -> str:
    """An Australian Business Number that passes its check digits."""
    check = SCHEMES["AU-ABN"].check
    while True:
        rest = f"{rng.randrange(10**9):09d}"
        for prefix in range(10, 100):
            if check(f"{prefix}{rest}"):
                return f"{prefix}{rest}"


def service(rng: random.Random, code: str, brand: str, lot: str, product) -> tuple[str, dict]:
    """A G-Cloud-like service of a lot: answers to every question of its question set."""
    vocab = words.LOTS[lot]
    name, thing, category = product
    description = rng.choice(vocab["what"]).format(
        audience=rng.choice(words.AUDIENCES), thing=thing, place=rng.choice(HOSTED_IN[code])
    )
    unit, interval, lowest, highest = rng.choice(vocab["units"])
    price = _price(rng, lowest, highest)
    ceiling = _price(rng, float(price) * 1.5, float(price) * 4) if rng.random() < 0.4 else None
    others = [c for c in _options(lot) if c != category]
    open_source = rng.random() < 0.2
    answers = {
        "serviceName": f"{brand} {name}",
        "serviceDescription": description[0].upper() + description[1:] + ".",
        "serviceFeatures": rng.sample(words.FEATURES, rng.randint(2, 5)),
        "serviceBenefits": rng.sample(words.BENEFITS, rng.randint(1, 4)),
        "serviceCategories": sorted([category, *rng.sample(others, rng.choice([0, 0, 1, 2]))]),
        "price": {"min": price, "max": ceiling, "unit": unit, "interval": interval},
        "freeVersionOrTrial": rng.random() < 0.3,
        "educationPricing": rng.random() < 0.5,
        "deploymentModel": rng.choice(["public", "public", "private", "community", "hybrid"]),
        "dataLocation": rng.choice(DATA_LOCATIONS[code]),
        "api": rng.random() < 0.7,
        "openSource": open_source,
        "supportHours": rng.choice(["business-hours", "business-hours", "extended", "always"]),
        "responseTimeHours": str(rng.choice([1, 2, 4, 8, 24, 48])),
        "accessibilityStandard": rng.choice(["wcag22aa", "wcag22aa", "wcag21aa", "partial"]),
        "securityCertifications": sorted(rng.sample(CERTIFICATIONS[code], rng.randint(0, 2))),
    }
    if open_source:
        answers["openSourceLicence"] = rng.choice(words.LICENCES)
    return lot, answers


@cache
def _options(lot: str) -> list[str]:
    """The categories a lot's question set offers, read from the shipped document."""
    path = QUESTION_SETS / f"{LOT_QUESTIONS[lot]}.json"
    for section in json.loads(path.read_text())["sections"]:
        for question in section["questions"]:
            if question["id"] == "serviceCategories":
                return [option["value"] for option in question["options"]]
    return []


def _price(rng: random.Random, lowest: float, highest: float) -> str:
    """A price between the two, rounded as a seller would: pence below 1, whole numbers
    above, tens above 100."""
    value = lowest + (highest - lowest) * rng.random() ** 2
    if value < 1:
        return f"{value:.2f}"
    if value < 100:
        return f"{round(value)}"
    return f"{round(value, -1):.0f}"
