"""Jurisdictions: their settings are validated data, and size bands follow EU 2003/361."""

import csv
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from openbuy.core.actions import jurisdiction_save
from openbuy.core.actors import SYSTEM
from openbuy.core.currencies import MINOR_UNITS
from openbuy.core.errors import Forbidden, Invalid
from openbuy.core.jurisdiction_rules import (
    DEFAULT_SME_BANDS,
    ProcurementRules,
    contrast_with_white,
    size_band,
)
from openbuy.core.models import AuditEvent, Jurisdiction
from tests import helpers


def _ocds_codelists() -> Path | None:
    """The OCDS schema data beside the project (../shared), or where OPENBUY_SHARED_DIR says."""
    candidates = [
        os.environ.get("OPENBUY_SHARED_DIR", ""),
        Path(__file__).resolve().parents[3] / "shared",
        "/work/shared",
    ]
    for base in candidates:
        path = Path(base) / "ocds" / "1.1.5" / "codelists" if base else None
        if path and path.is_dir():
            return path
    return None


OCDS = _ocds_codelists()


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "band"),
    [
        (9, "2000000", "99000000", "micro"),  # turnover within the limit is enough
        (9, "99000000", "2000000", "micro"),  # ... or the balance sheet
        (9, "2000001", "2000001", "small"),
        (10, "1", "1", "small"),  # headcount limits are "fewer than"
        (49, "10000000", "1", "small"),
        (50, "1", "1", "medium"),
        (249, "50000000", "99999999", "medium"),
        (249, "50000001", "43000000", "medium"),
        (249, "50000001", "43000001", "large"),
        (250, "0", "0", "large"),
    ],
)
def test_size_band_needs_headcount_and_turnover_or_balance_sheet(
    headcount, turnover, balance, band
):
    assert size_band(DEFAULT_SME_BANDS, headcount, Decimal(turnover), Decimal(balance)) == band


@pytest.mark.skipif(OCDS is None, reason="the OCDS codelists (../shared/ocds) are not here")
def test_currencies_are_in_the_ocds_currency_codelist():
    with (OCDS / "currency.csv").open() as f:
        current = {row["Code"] for row in csv.DictReader(f) if not row["Valid Until"]}
    assert set(MINOR_UNITS) <= current
    assert {"GBP", "AUD", "EUR", "USD", "JPY"} <= set(MINOR_UNITS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "Scotland", "Use an ISO 3166 code, like AU or GB-SCT"),
        ("currency", "XYZ", "Currency: “XYZ” is not one of the choices"),
        ("time_zone", "Mars/Olympus", "Mars/Olympus is not a time zone"),
        ("languages", ["en", "xx"], "openbuy is not available in xx"),
        ("languages", [], "List at least one language"),
        ("ocid_prefix", "abc", "Use an ocid prefix like ocds-a1b2c3"),
        ("brand_colour", "blue", "Enter the brand colour as # and six hex digits"),
        ("brand_colour", "#ffdd00", "White text on #ffdd00 has a contrast of 1.3:1"),
        ("sme_bands", [{"band": "small"}], "SME bands must list micro, small and medium"),
        ("thresholds", {"Big One": "5"}, "Threshold names use lower-case letters"),
        ("thresholds", {"ok": "-5"}, "ok must be 0 or more"),
        ("code", "FR-IDF", "No public holidays are known for FR-IDF; subdivisions of FR are"),
        ("holiday_calendar", "ZZ", "No public holidays are known for ZZ; set a holiday calendar"),
        ("holiday_calendar", "Scotland", "Use an ISO 3166 code, like AU or GB-SCT"),
        (
            "procurement_rules",
            ["standstill_days"],
            "Procurement rules must map a rule's name to its value",
        ),
        ("procurement_rules", {"standstil_days": 5}, "Unknown procurement rules: standstil_days"),
        ("procurement_rules", {"minimum_publication_days": 0}, "publication period must be"),
        ("procurement_rules", {"minimum_publication_days": "10"}, "publication period must be"),
        ("procurement_rules", {"question_deadline_working_days": 1.5}, "whole number of working"),
        ("procurement_rules", {"question_deadline_working_days": 10}, "fewer than 10 working"),
        ("procurement_rules", {"standstill_days": -1}, "standstill period must be a whole"),
        ("procurement_rules", {"standstill_working_days": "yes"}, "must be true or false"),
        ("procurement_rules", {"score_min": 3, "score_max": 3}, "highest score must be above"),
        ("procurement_rules", {"score_max": True}, "Scores must be whole numbers"),
        (
            "procurement_rules",
            {"maximum_publication_days": 5},
            "at least the minimum publication period (10)",
        ),
    ],
)
def test_bad_settings_are_refused_with_a_message(field, value, message):
    data = {
        "code": "GB-SCT",
        "name": "Scotland",
        "currency": "GBP",
        "languages": ["en"],
        "time_zone": "Europe/London",
        "ocid_prefix": "ocds-abc123",
        field: value,
    }
    with pytest.raises(Invalid, match=re.escape(message)) as error:
        jurisdiction_save(Jurisdiction(**data), actor=SYSTEM)
    assert message in " ".join(error.value.errors[field])
    assert not Jurisdiction.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_only_platform_admins_change_jurisdictions_and_changes_are_audited():
    scotland = helpers.jurisdiction()
    someone = helpers.user()
    scotland.brand_colour = "#005ea5"
    with pytest.raises(Forbidden, match="Only platform admins can change jurisdictions"):
        jurisdiction_save(scotland, actor=someone)
    jurisdiction_save(scotland, actor=helpers.platform_admin())
    event = AuditEvent.objects.filter(verb="jurisdiction.updated").get()
    assert event.payload == {"changed": {"brand_colour": "#005ea5"}}
    assert event.public


def test_brand_colour_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#1d70b8"), 2) == 5.17


@pytest.mark.django_db
def test_amounts_given_as_numbers_are_stored_as_decimal_strings():
    saved = helpers.jurisdiction(thresholds={"micro_purchase": 10000, "open_tender": 80000.5})
    assert saved.thresholds == {"micro_purchase": "10000", "open_tender": "80000.5"}
    assert saved.threshold("open_tender") == Decimal("80000.5")


@pytest.mark.django_db
def test_holiday_calendar_and_procurement_rules_default_from_the_code_and_issue_9():
    scotland = helpers.jurisdiction()
    assert scotland.public_holiday_calendar == ("GB", "SCT")
    assert scotland.procurement == ProcurementRules(
        minimum_publication_days=10,
        question_deadline_working_days=2,
        standstill_days=10,
        standstill_working_days=False,
        score_min=0,
        score_max=3,
    )
    canberra = helpers.jurisdiction(
        "AU",
        name="Australia",
        currency="AUD",
        time_zone="Australia/Sydney",
        holiday_calendar="AU-ACT",
        procurement_rules={"standstill_working_days": True},
    )
    assert canberra.public_holiday_calendar == ("AU", "ACT")
    # Rules left out keep their defaults, so older settings stay valid as rules are added.
    assert canberra.procurement.standstill_working_days is True
    assert canberra.procurement.standstill_days == 10
