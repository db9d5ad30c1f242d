"""The downloads page: the current bulk files of each dataset, and the files themselves."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from openbuy.core.selectors import jurisdictions

from . import bulkfiles


# Not kept by the public page cache, whose key follows the database, not the export folder.
@require_safe
@cache_control(no_cache=True)
def downloads(request):
    datasets = bulkfiles.manifests(settings.OPENBUY_OCDS_EXPORT_DIR)
    codes = {d.get("jurisdiction") for d in datasets} - {None}
    names = dict(jurisdictions().filter(code__in=codes).values_list("code", "name"))
    for dataset in datasets:
        code = dataset.get("jurisdiction")
        dataset["title"] = names.get(code, code) if code else None
    return render(request, "opendata/downloads.html", {"datasets": datasets})


def _etag(request, name):
    found = bulkfiles.served(settings.OPENBUY_OCDS_EXPORT_DIR, name)
    return found[1].get("sha256") if found else None


@require_safe
@condition(etag_func=_etag)
def download(request, name):
    found = bulkfiles.served(settings.OPENBUY_OCDS_EXPORT_DIR, name)
    if found is None:
        raise Http404
    path, _entry = found
    try:
        file = path.open("rb")
    except FileNotFoundError as gone:
        raise Http404 from gone
    return FileResponse(
        file, as_attachment=True, filename=name, content_type=bulkfiles.content_type(name)
    )
