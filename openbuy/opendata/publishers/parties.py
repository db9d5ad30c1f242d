"""Organisations as OCDS parties: the same id in every release of every process."""

from .. import ocds


def party_id(organisation) -> str:
    return f"org-{organisation.pk}"


def reference(organisation) -> ocds.OrganizationReference:
    return ocds.OrganizationReference(id=party_id(organisation), name=organisation.name)


def party(organisation, roles: list[str], *, scale: bool = False) -> ocds.Party:
    """A party with its roles; a supplier's size (`details.scale`) when `scale`."""
    identifier = None
    if organisation.registration_scheme and organisation.registration_number:
        identifier = ocds.Identifier(
            scheme=organisation.registration_scheme,
            id=organisation.registration_number,
            legalName=organisation.name,
        )
    details = None
    if scale and organisation.size_band:
        details = ocds.PartyDetails(scale=organisation.size_band)
    address = None
    if organisation.country:
        address = ocds.Address(countryName=organisation.country.name)
    return ocds.Party(
        id=party_id(organisation),
        name=organisation.name,
        identifier=identifier,
        address=address,
        roles=roles,
        details=details,
    )


def value(amount, currency: str) -> ocds.Value | None:
    return None if amount is None else ocds.Value(amount=amount, currency=currency)
