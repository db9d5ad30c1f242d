"""Direct award: save a search, end it at 30 results or fewer (freezing exact versions),
download the shortlist, and record one outcome."""

import datetime
import html
import io
import re
import zipfile
from decimal import Decimal

import pytest

from openbuy.catalogue import actions
from openbuy.catalogue.models import Outcome, Project, Service
from openbuy.core.errors import Conflict, Forbidden, Invalid
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    """A live framework with 31 hosting services, 1 of them about licensing."""
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    offers = [("cloud-hosting", f.service_answers(f"Hosting {n}")) for n in range(30)]
    offers.append(("cloud-hosting", f.service_answers("Licensing hosting")))
    framework = f.live_gcloud({supplier: offers}, actor=person, authority=authority)
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    return framework.lots.get(slug="cloud-hosting"), authority, buyer, supplier


def test_ending_a_search_with_31_results_is_refused_in_the_action(market):
    lot, authority, buyer, _supplier = market
    project = actions.project_create(actor=buyer, buyer=authority, name="Hosting", lot=lot)
    with pytest.raises(Conflict, match=r"The search finds 31 services\. Refine it to 30 or fewer"):
        actions.project_end(actor=buyer, project=project)
    assert not Project.objects.get().ended


def test_ending_freezes_the_exact_versions_found(market):
    lot, authority, buyer, supplier = market
    project = actions.project_create(
        actor=buyer, buyer=authority, name="Licensing", lot=lot, keywords="licensing"
    )
    project = actions.project_end(actor=buyer, project=project)
    (entry,) = project.shortlist.all()
    frozen = entry.version
    service = frozen.service
    actions.service_edit(
        actor=f.supplier_owner(supplier),
        service=service,
        section="description",
        submitted={
            "serviceName": "Licensing hosting v2",
            "serviceDescription": "Changed",
            "serviceFeatures": ["x"],
            "serviceBenefits": ["y"],
        },
    )
    entry.refresh_from_db()
    assert entry.version == frozen
    assert entry.version.answers["serviceName"] == "Licensing hosting"
    assert Service.objects.get(pk=service.pk).current.number == 2
    with pytest.raises(Conflict, match="already ended"):
        actions.project_end(actor=buyer, project=project)
    with pytest.raises(Conflict, match="its shortlist cannot change"):
        actions.project_search_update(actor=buyer, project=project, keywords="", filters={})


def test_the_shortlist_downloads_as_csv_and_ods(client, market):
    lot, authority, buyer, _supplier = market
    project = actions.project_create(
        actor=buyer, buyer=authority, name="Licensing", lot=lot, keywords="licensing"
    )
    actions.project_end(actor=buyer, project=project)
    client.force_login(buyer)
    csv = client.get(f"/direct-award/{project.pk}/shortlist.csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Service ID,Supplier,Service version,Service name")
    assert "Licensing hosting" in text
    ods = client.get(f"/direct-award/{project.pk}/shortlist.ods")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(io.BytesIO(ods.content)) as archive:
        assert "Licensing hosting" in archive.read("content.xml").decode()
    assert helpers.events("project.downloaded").count() == 2


def test_a_formula_like_name_is_guarded_in_csv_and_kept_as_text_in_ods(client):
    """Review finding 10: the ODS showed '=cmd|… with the CSV's apostrophe, though an ODS
    string cell is never run as a formula."""
    person, authority = f.manager()
    name = "=cmd|' /C calc'!A0"
    supplier = helpers.supplier(helpers.user("eve@formula.example"), name=name)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Licensing hosting"))]},
        actor=person,
        authority=authority,
    )
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    project = actions.project_create(
        actor=buyer,
        buyer=authority,
        name="Licensing",
        lot=framework.lots.get(slug="cloud-hosting"),
        keywords="licensing",
    )
    actions.project_end(actor=buyer, project=project)
    client.force_login(buyer)
    csv = client.get(f"/direct-award/{project.pk}/shortlist.csv").content.decode("utf-8-sig")
    assert ",\"'=cmd|' /C calc'!A0\"," in csv or ",'=cmd|' /C calc'!A0," in csv
    ods = client.get(f"/direct-award/{project.pk}/shortlist.ods")
    with zipfile.ZipFile(io.BytesIO(ods.content)) as archive:
        content = archive.read("content.xml").decode()
    cells = re.findall(r"<text:p>([^<]*)</text:p>", content)
    assert name in [html.unescape(cell) for cell in cells]
    assert not any(html.unescape(cell).startswith("'=") for cell in cells)


def test_an_award_must_name_a_frozen_service_and_there_is_one_outcome(market):
    lot, authority, buyer, _supplier = market
    licensing = actions.project_create(
        actor=buyer, buyer=authority, name="Licensing", lot=lot, keywords="licensing"
    )
    licensing = actions.project_end(actor=buyer, project=licensing)
    other = actions.project_create(
        actor=buyer, buyer=authority, name="Other", lot=lot, keywords="hosting 7"
    )
    other = actions.project_end(actor=buyer, project=other)
    start, end = datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)

    def award(**changes):
        fields = {
            "awarded": licensing.shortlist.first(),
            "start_date": start,
            "end_date": end,
            "value": Decimal(50000),
        }
        return actions.outcome_record(
            actor=buyer, project=licensing, result="awarded", **(fields | changes)
        )

    with pytest.raises(Invalid, match="Choose a service from this project's shortlist"):
        award(awarded=other.shortlist.first())
    with pytest.raises(Invalid, match="The end date must be on or after the start date") as error:
        award(start_date=end, end_date=start, value=Decimal(-1))
    assert set(error.value.errors) == {"end_date", "value"}
    with pytest.raises(Invalid, match="less than 100,000,000,000,000"):
        award(value=Decimal(100000000000000))
    outcome = award(value=Decimal("99999999999999.99"))
    assert outcome.value == Decimal("99999999999999.99")
    assert outcome.awarding_body == authority.name
    assert outcome.currency == "GBP"
    with pytest.raises(Conflict, match="already has an outcome"):
        actions.outcome_record(actor=buyer, project=licensing, result="cancelled")
    assert Outcome.objects.count() == 1


def test_only_the_bodys_buyers_work_on_its_projects(client, market):
    lot, authority, buyer, supplier = market
    project = actions.project_create(actor=buyer, buyer=authority, name="Hosting", lot=lot)
    with pytest.raises(
        Forbidden, match="Only buyers of Scottish Government can work on its projects"
    ):
        actions.project_end(actor=f.supplier_owner(supplier), project=project)
    client.force_login(f.supplier_owner(supplier))
    assert client.get(f"/direct-award/{project.pk}/").status_code == 404


def test_the_project_pages_from_search_to_outcome(client, market):
    lot, authority, buyer, _supplier = market
    client.force_login(buyer)
    response = client.post(
        f"/direct-award/new/?lot={lot.pk}&q=licensing",
        {"name": "Licensing platform", "buyer": authority.pk},
    )
    project = Project.objects.get()
    assert response.url == f"/direct-award/{project.pk}/"
    page = client.get(response.url).content.decode()
    assert "The search finds 1 service today." in page
    client.post(f"/direct-award/{project.pk}/end/")
    entry = project.shortlist.get()
    response = client.post(
        f"/direct-award/{project.pk}/",
        {
            "result": "awarded",
            "awarded": entry.pk,
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2027",
            "end_date_0": "31",
            "end_date_1": "3",
            "end_date_2": "2028",
            "value": "125,000",
            "awarding_body": "",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.value == Decimal(125000)
    assert outcome.end_date == datetime.date(2028, 3, 31)
    assert "£125,000" in client.get(response.url).content.decode()


def test_ending_a_search_is_offered_only_at_30_results_or_fewer_and_confirmed_first(client, market):
    lot, authority, buyer, _supplier = market
    project = actions.project_create(actor=buyer, buyer=authority, name="Hosting", lot=lot)
    client.force_login(buyer)
    url = f"/direct-award/{project.pk}/end/"
    reason = "The search finds 31 services. Refine it to 30 or fewer to end it."
    page = client.get(f"/direct-award/{project.pk}/").content.decode()
    assert reason in page
    assert url not in page
    refused = client.post(url)
    assert refused.status_code == 409
    assert reason in refused.content.decode()
    assert 'class="govuk-error-summary"' in refused.content.decode()
    actions.project_search_update(actor=buyer, project=project, keywords="licensing", filters={})
    assert url in client.get(f"/direct-award/{project.pk}/").content.decode()
    shown = client.get(url).content.decode()
    assert "The 1 service the search finds now becomes your shortlist" in shown
    assert not Project.objects.get().ended
    ended = client.post(url, follow=True).content.decode()
    assert "The search has ended: 1 service is on the shortlist" in ended
    assert Project.objects.get().ended
