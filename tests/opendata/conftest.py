import pytest


@pytest.fixture(params=[1, 3], ids=["one-process", "three-parts"])
def import_jobs(request, settings):
    """An import on one core, or in three parts (import_files.py), which must do and say
    the same: the import tests use it for each of their tests."""
    settings.OPENBUY_IMPORT_JOBS = request.param
    return request.param
