from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.policy, name="policy"),
]
