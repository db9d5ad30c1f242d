from django.urls import path

from . import downloads, views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.policy, name="policy"),
    path("open-data/downloads/", downloads.downloads, name="downloads"),
    path("open-data/downloads/<str:name>", downloads.download, name="download"),
]
