"""Company and charity registers a supplier can be identified by.

Codes are org-id.guide scheme codes, which OCDS uses for `identifier.scheme`.
"""

import re
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    pattern: str
    example: str
    checksum: object = None

    def normalise(self, number: str) -> str:
        return re.sub(r"[\s.-]", "", number).upper()

    def check(self, number: str) -> bool:
        if not re.fullmatch(self.pattern, number):
            return False
        return self.checksum(number) if self.checksum else True


def _abn_ok(number: str) -> bool:
    weights = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
    digits = [int(d) for d in number]
    digits[0] -= 1
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 89 == 0


def _acn_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:8], range(8, 0, -1), strict=True))
    return (10 - total % 10) % 10 == int(number[8])


SCHEMES = {
    scheme.code: scheme
    for scheme in (
        Scheme("GB-COH", _("Companies House (UK)"), r"(\d{8}|[A-Z]{2}\d{6})", "SC123456"),
        Scheme("GB-SC", _("Scottish Charity Register"), r"SC\d{6}", "SC012345"),
        Scheme("GB-CHC", _("Charity Commission for England and Wales"), r"\d{6,7}", "1123456"),
        Scheme("AU-ABN", _("Australian Business Number"), r"\d{11}", "51824753556", _abn_ok),
        Scheme("AU-ACN", _("Australian Company Number"), r"\d{9}", "000000019", _acn_ok),
    )
}

SCHEME_CHOICES = [
    (code, format_lazy("{} ({})", scheme.name, code)) for code, scheme in SCHEMES.items()
]
