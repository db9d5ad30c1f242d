"""The downloads page in a browser, with axe-core: it fits 320 and 1280 px, and a link
downloads its file (a compressed file as it is on disk)."""

import pytest

from openbuy.opendata import bulk
from tests.browser.test_pages import at_both_widths
from tests.opendata import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_downloads_page_lists_files_that_download(new_page, settings, tmp_path):
    settings.OPENBUY_OCDS_EXPORT_DIR = tmp_path
    factories.releases()
    bulk.export(tmp_path, compress=True, limits=bulk.Limits(count=3))
    page = new_page()

    at_both_widths(page, "/open-data/downloads/")

    with page.expect_download() as download:
        page.get_by_role("link", name="records-0001.json.gz").click()
    assert download.value.suggested_filename == "records-0001.json.gz"
    saved = tmp_path / "saved.gz"
    download.value.save_as(saved)
    assert saved.read_bytes() == factories.bulk_file(tmp_path, "records-0001.json.gz").read_bytes()
