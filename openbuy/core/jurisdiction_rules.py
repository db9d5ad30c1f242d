"""Validation and defaults for a jurisdiction's settings that are stored as data."""

import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIZE_BANDS = ("micro", "small", "medium")
LARGE = "large"

# EU Recommendation 2003/361: a band needs fewer staff than its limit AND turnover or
# balance sheet within its limits. Amounts are in the jurisdiction's own currency.
DEFAULT_SME_BANDS = [
    {
        "band": "micro",
        "headcount_below": 10,
        "turnover_max": "2000000",
        "balance_sheet_max": "2000000",
    },
    {
        "band": "small",
        "headcount_below": 50,
        "turnover_max": "10000000",
        "balance_sheet_max": "10000000",
    },
    {
        "band": "medium",
        "headcount_below": 250,
        "turnover_max": "50000000",
        "balance_sheet_max": "43000000",
    },
]


def default_sme_bands() -> list[dict]:
    return [dict(band) for band in DEFAULT_SME_BANDS]


def _decimal(value, label) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("%(label)s must be a number") % {"label": label}) from exc
    if not amount.is_finite() or amount < 0:
        raise ValidationError(_("%(label)s must be 0 or more") % {"label": label})
    return amount


def validate_sme_bands(bands) -> None:
    if not isinstance(bands, list) or [b.get("band") for b in bands if isinstance(b, dict)] != list(
        SIZE_BANDS
    ):
        raise ValidationError(_("SME bands must list micro, small and medium, in that order"))
    previous = (0, Decimal(0), Decimal(0))
    for band in bands:
        headcount = band.get("headcount_below")
        if not isinstance(headcount, int) or headcount < 1:
            raise ValidationError(_("Each band needs a whole headcount limit of 1 or more"))
        turnover = _decimal(band.get("turnover_max"), _("Turnover limit"))
        balance = _decimal(band.get("balance_sheet_max"), _("Balance sheet limit"))
        current = (headcount, turnover, balance)
        if any(now < before for now, before in zip(current, previous, strict=True)):
            raise ValidationError(_("Each band's limits must be at least those of the band below"))
        previous = current


def _as_text(value):
    """Amounts are stored as decimal strings, so JSON never holds a float."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return f"{Decimal(str(value)):f}"
    return value


def normalise(jurisdiction) -> None:
    if isinstance(jurisdiction.thresholds, dict):
        jurisdiction.thresholds = {k: _as_text(v) for k, v in jurisdiction.thresholds.items()}
    if isinstance(jurisdiction.sme_bands, list):
        for band in jurisdiction.sme_bands:
            if isinstance(band, dict):
                for key in ("turnover_max", "balance_sheet_max"):
                    if key in band:
                        band[key] = _as_text(band[key])


def size_band(bands, headcount: int, turnover: Decimal, balance_sheet: Decimal) -> str:
    for band in bands:
        if headcount < band["headcount_below"] and (
            turnover <= Decimal(band["turnover_max"])
            or balance_sheet <= Decimal(band["balance_sheet_max"])
        ):
            return band["band"]
    return LARGE


def validate_languages(languages) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(languages, list) or not languages:
        raise ValidationError(_("List at least one language"))
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise ValidationError(
            _("openbuy is not available in %(codes)s; choose from %(known)s")
            % {"codes": ", ".join(map(str, unknown)), "known": ", ".join(sorted(known))}
        )
    if len(set(languages)) != len(languages):
        raise ValidationError(_("List each language once"))


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(name: str) -> None:
    if name not in _time_zones():
        raise ValidationError(
            _("%(name)s is not a time zone; use an IANA name like Europe/London"),
            params={"name": name},
        )


_THRESHOLD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def validate_thresholds(thresholds) -> None:
    if not isinstance(thresholds, dict):
        raise ValidationError(_("Thresholds must map a name to an amount"))
    for name, amount in thresholds.items():
        if not _THRESHOLD_NAME.match(name):
            raise ValidationError(
                _("Threshold names use lower-case letters, digits and underscores: %(name)s"),
                params={"name": name},
            )
        _decimal(amount, name)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


_HEX = re.compile(r"^#[0-9a-f]{6}$")


def validate_brand_colour(value: str) -> None:
    """White text sits on the brand colour in the header, so it needs WCAG AA contrast."""
    if not _HEX.match(value):
        raise ValidationError(_("Enter the brand colour as # and six hex digits, like #1d70b8"))
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of %(ratio).1f:1; choose a darker colour "
                "(at least 4.5:1)"
            ),
            params={"colour": value, "ratio": ratio},
        )


# Timing and scoring of a procurement, in whole days. The Digital Marketplace gave suppliers
# one or two weeks and closed questions 2 working days before closing (the Australian one
# 1–2), so the defaults are 10 days and 2 working days; issue 9 sets a 10-day standstill
# and a 0–3 score per criterion.
DEFAULT_PROCUREMENT_RULES = {
    "minimum_publication_days": 10,
    "question_deadline_working_days": 2,
    "standstill_days": 10,
    "standstill_working_days": False,
    "score_min": 0,
    "score_max": 3,
    # Lots (issue 9): the threshold above which an undivided requirement, or lots that are
    # each under it but together over it, need a published reason ("" = the lowest of the
    # jurisdiction's thresholds); and how many days an amendment leaves before closing.
    "division_threshold": "",
    "amendment_minimum_days": 5,
    # The furthest closing day a buyer may choose, in days from the day of publishing: a
    # requirement open for longer is most likely a mistyped year.
    "maximum_publication_days": 365,
}


def default_procurement_rules() -> dict:
    return dict(DEFAULT_PROCUREMENT_RULES)


@dataclass(frozen=True)
class ProcurementRules:
    minimum_publication_days: int
    question_deadline_working_days: int
    standstill_days: int
    standstill_working_days: bool
    score_min: int
    score_max: int
    division_threshold: str = ""
    amendment_minimum_days: int = 5
    maximum_publication_days: int = 365


def procurement_rules(stored) -> ProcurementRules:
    """The stored rules over the defaults, so a key left out keeps its default."""
    return ProcurementRules(**(DEFAULT_PROCUREMENT_RULES | (stored or {})))


def _whole(value, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def validate_procurement_rules(stored) -> None:
    if not isinstance(stored, dict):
        raise ValidationError(_("Procurement rules must map a rule's name to its value"))
    unknown = sorted(set(stored) - set(DEFAULT_PROCUREMENT_RULES))
    if unknown:
        raise ValidationError(
            _("Unknown procurement rules: %(names)s; the rules are %(known)s"),
            params={"names": ", ".join(unknown), "known": ", ".join(DEFAULT_PROCUREMENT_RULES)},
        )
    rules = procurement_rules(stored)
    if not _whole(rules.minimum_publication_days, 1):
        raise ValidationError(
            _("The minimum publication period must be a whole number of days, 1 or more")
        )
    if not _whole(rules.question_deadline_working_days, 0):
        raise ValidationError(
            _("The question deadline must be a whole number of working days, 0 or more")
        )
    if rules.question_deadline_working_days >= rules.minimum_publication_days:
        raise ValidationError(
            _(
                "Questions must close within the publication period: fewer than %(days)s "
                "working days before closing"
            ),
            params={"days": rules.minimum_publication_days},
        )
    if not _whole(rules.standstill_days, 0):
        raise ValidationError(_("The standstill period must be a whole number of days, 0 or more"))
    if not isinstance(rules.standstill_working_days, bool):
        raise ValidationError(_("Whether the standstill counts working days must be true or false"))
    if not (_whole(rules.score_min, 0) and _whole(rules.score_max, 1)):
        raise ValidationError(_("Scores must be whole numbers, 0 or more"))
    if rules.score_max <= rules.score_min:
        raise ValidationError(_("The highest score must be above the lowest"))
    threshold = rules.division_threshold
    if not isinstance(threshold, str) or not (threshold == "" or _THRESHOLD_NAME.match(threshold)):
        raise ValidationError(
            _("The division threshold must be the name of one of the thresholds, or empty")
        )
    if not _whole(rules.amendment_minimum_days, 0):
        raise ValidationError(
            _("The days left after an amendment must be a whole number of days, 0 or more")
        )
    if not _whole(rules.maximum_publication_days, rules.minimum_publication_days):
        raise ValidationError(
            _(
                "The longest publication period must be a whole number of days, at least the "
                "minimum publication period (%(days)s)"
            ),
            params={"days": rules.minimum_publication_days},
        )


def division_threshold_problem(stored_rules, thresholds) -> str | None:
    """Why the division threshold rule cannot be kept with these thresholds, if it cannot:
    it must name one of them."""
    if not isinstance(stored_rules, dict) or not isinstance(thresholds, dict):
        return None  # each field's own check says what is wrong
    name = stored_rules.get("division_threshold", "")
    if isinstance(name, str) and name and name not in thresholds:
        return _("The division threshold %(name)s is not one of this jurisdiction's thresholds") % {
            "name": name
        }
    return None


def division_threshold(stored_rules, thresholds) -> tuple[str, Decimal] | None:
    """(name, amount) of the threshold above which a requirement must be divided into lots
    or say why not: the one the rules name, else the lowest; None without thresholds."""
    if not thresholds:
        return None
    name = procurement_rules(stored_rules).division_threshold
    if name:
        return (name, Decimal(str(thresholds[name]))) if name in thresholds else None
    return min(
        ((key, Decimal(str(value))) for key, value in thresholds.items()),
        key=lambda item: (item[1], item[0]),
    )


def holiday_calendar(code: str, override: str = "") -> tuple[str, str | None]:
    """Country and subdivision whose public holidays apply: the override if set, else the
    jurisdiction's own ISO 3166 code ("GB-SCT" is Scotland, "AU" all of Australia)."""
    country, _sep, subdivision = (override or code).upper().partition("-")
    return country, subdivision or None


def validate_holiday_calendar(country: str, subdivision: str | None) -> None:
    import holidays  # only when checking: pages that never count working days skip it

    supported = holidays.list_supported_countries()
    named = f"{country}-{subdivision}" if subdivision else country
    if country not in supported:
        raise ValidationError(
            _(
                "No public holidays are known for %(code)s; set a holiday calendar, "
                "like AU or GB-SCT"
            ),
            params={"code": named},
        )
    if subdivision and subdivision not in supported[country]:
        raise ValidationError(
            _(
                "No public holidays are known for %(code)s; subdivisions of %(country)s "
                "are %(known)s"
            ),
            params={"code": named, "country": country, "known": ", ".join(supported[country])},
        )
