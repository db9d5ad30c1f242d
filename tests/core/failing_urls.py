"""The site's addresses plus two that fail, to see the server error answers."""

from django.urls import path

from openbuy.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a test failure")


urlpatterns = [path("fail/", fail), path("api/v1/fail", fail), *site_urlpatterns]
handler500 = "openbuy.core.views.error_500"
