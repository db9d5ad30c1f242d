"""The app's URLs plus an empty page: the site shell with no content, the benchmark's
baseline for 'an empty view served through the same stack'."""

from django.shortcuts import render
from django.urls import path

from openbuy.urls import handler403, handler404, handler500  # noqa: F401
from openbuy.urls import urlpatterns as app_urls


def empty(request):
    return render(request, "base.html")


urlpatterns = [path("bench/empty/", empty), *app_urls]
