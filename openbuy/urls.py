from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from .api import api, docs_urls
from .core import health
from .core import views as core_views

handler400 = "openbuy.core.views.error_400"
handler403 = "openbuy.core.views.error_403"
handler404 = "openbuy.core.views.error_404"
handler500 = "openbuy.core.views.error_500"

# The API and Django's admin have one address each; pages for people carry their language
# in the address (English at /, French at /fr/), so a link always opens in the same language.
urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/", include(docs_urls)),
    # The admin signs in through the site's own sign-in, with its lock and audit trail.
    path("django-admin/login/", core_views.admin_login),
    path("django-admin/", admin.site.urls),
    path("healthz", health.health, name="health"),
    re_path(r"^brand/(?P<colour>[0-9a-f]{6})\.css$", core_views.brand_css, name="brand-css"),
]
urlpatterns += i18n_patterns(
    path("", include("openbuy.core.urls")),
    path("", include("openbuy.accounts.urls")),
    path("", include("openbuy.frameworks.urls")),
    path("", include("openbuy.catalogue.urls")),
    path("", include("openbuy.opportunities.urls")),
    path("", include("openbuy.opendata.urls")),
    prefix_default_language=False,
)
