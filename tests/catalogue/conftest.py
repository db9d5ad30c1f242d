import pytest

from openbuy.catalogue.models import Service
from tests.frameworks import factories as f


@pytest.fixture
def live():
    """One live G-Cloud-like framework with one service: (service, supplier, manager,
    framework)."""
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting"))]},
        actor=person,
        authority=authority,
    )
    return Service.objects.get(), supplier, person, framework
