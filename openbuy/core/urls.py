from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("jurisdictions/", views.jurisdictions, name="jurisdictions"),
    path("jurisdictions/choose/", views.jurisdiction_choose, name="jurisdiction-choose"),
    path("platform/", views.platform, name="platform"),
    path("platform/outbox/", views.outbox, name="outbox"),
    path("platform/outbox/<int:pk>/", views.outbox_message, name="outbox-message"),
]
