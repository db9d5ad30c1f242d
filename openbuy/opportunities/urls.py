"""Opportunities' pages: each stage's view module lists its own addresses."""

from .views import awards, clarifications, drafting, evaluation, public, responses

app_name = "opportunities"

urlpatterns = [
    *public.urlpatterns,
    *drafting.urlpatterns,
    *clarifications.urlpatterns,
    *responses.urlpatterns,
    *evaluation.urlpatterns,
    *awards.urlpatterns,
]
