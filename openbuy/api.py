"""The JSON API at /api/v1: django-ninja, OpenAPI 3.1, errors as RFC 9457 problem details.
Its OpenAPI document and the docs page around Swagger UI are served here too."""

import functools
import hashlib
import json

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder
from orjson import OPT_NON_STR_KEYS, dumps

from openbuy.accounts.api import router as accounts_router
from openbuy.catalogue.api import router as catalogue_router
from openbuy.core.api import JsonParser, install_problem_handlers
from openbuy.core.api import router as core_router
from openbuy.core.openapi import ProblemsApi
from openbuy.frameworks.api import router as frameworks_router
from openbuy.opendata.api import router as opendata_router
from openbuy.opportunities.api import router as opportunities_router


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return dumps(data, option=OPT_NON_STR_KEYS, default=str)


api = ProblemsApi(
    title="openbuy API",
    version="1",
    description=(
        "Everything openbuy's web pages do, as JSON. Authenticate with a personal API token "
        "(`Authorization: Bearer obt_…`, created on your account page) or, from the browser, "
        "the session cookie plus the `X-CSRFToken` header. Bodies are JSON "
        "(`Content-Type: application/json`). Errors are RFC 9457 problem details "
        "(`application/problem+json`) with an `errors` map of field names to messages."
    ),
    urls_namespace="api",
    renderer=OrjsonRenderer(),
    parser=JsonParser(),
    # Served below: built once per process, and a docs page of the site's own.
    openapi_url=None,
    docs_url=None,
)
install_problem_handlers(api)
api.add_router("", core_router)
api.add_router("", accounts_router)
api.add_router("", frameworks_router)
api.add_router("", catalogue_router)
api.add_router("", opportunities_router)
api.add_router("", opendata_router)


@functools.cache
def _openapi_document() -> tuple[bytes, str]:
    """The document as bytes and its ETag: building it takes most of a second."""
    body = json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@require_safe
def openapi_json(request):
    body, etag = _openapi_document()
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    return HttpResponse(
        body, content_type="application/json", headers={"ETag": etag, "Cache-Control": "no-cache"}
    )


# Swagger UI sets inline styles on the elements it draws; allow them on the docs page only.
@csp_override(
    {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "connect-src": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
        "form-action": [CSP.SELF],
        "base-uri": [CSP.SELF],
        "object-src": [CSP.NONE],
    }
)
@require_safe
def docs(request):
    settings = {"url": "/api/v1/openapi.json", "layout": "BaseLayout", "deepLinking": False}
    return render(request, "core/api_docs.html", {"swagger_settings": settings})


docs_urls = [
    path("openapi.json", openapi_json, name="openapi-json"),
    path("docs", docs, name="api-docs"),
]
