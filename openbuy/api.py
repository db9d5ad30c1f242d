"""The JSON API at /api/v1: django-ninja, OpenAPI 3.1, errors as RFC 9457 problem details."""

from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.renderers import BaseRenderer
from orjson import OPT_NON_STR_KEYS, dumps

from openbuy.accounts.api import router as accounts_router
from openbuy.catalogue.api import router as catalogue_router
from openbuy.core.api import install_problem_handlers
from openbuy.core.api import router as core_router
from openbuy.frameworks.api import router as frameworks_router


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return dumps(data, option=OPT_NON_STR_KEYS, default=str)


# Swagger UI sets inline styles on the elements it draws; allow them on the docs page only.
_docs_csp = csp_override(
    {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "frame-ancestors": [CSP.NONE],
    }
)

api = NinjaAPI(
    title="openbuy API",
    version="1",
    description=(
        "Everything openbuy's web pages do, as JSON. Authenticate with a personal API token "
        "(`Authorization: Bearer obt_…`, created on your account page) or, from the browser, "
        "the session cookie plus the `X-CSRFToken` header. Errors are RFC 9457 problem details "
        "(`application/problem+json`) with an `errors` map of field names to messages."
    ),
    urls_namespace="api",
    renderer=OrjsonRenderer(),
    docs_decorator=_docs_csp,
)
install_problem_handlers(api)
api.add_router("", core_router)
api.add_router("", accounts_router)
api.add_router("", frameworks_router)
api.add_router("", catalogue_router)
