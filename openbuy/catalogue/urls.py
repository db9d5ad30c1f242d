from django.urls import path

from .views import browse, projects, services

app_name = "catalogue"

urlpatterns = [
    path("services/", browse.search, name="search"),
    path("services/<str:service_id>/", browse.service_detail, name="service"),
    path("services/<str:service_id>/versions/", browse.versions, name="versions"),
    path("services/<str:service_id>/versions/<int:number>/", browse.version_diff, name="version"),
    path(
        "services/<str:service_id>/versions/<int:number>/approve/", services.approve, name="approve"
    ),
    path("services/<str:service_id>/edit/<slug:section>/", services.edit, name="edit"),
    path("services/<str:service_id>/remove/", services.remove, name="remove"),
    path("services/<str:service_id>/suspend/", services.suspend, name="suspend"),
    path("services/<str:service_id>/reinstate/", services.reinstate, name="reinstate"),
    path("frameworks/<slug:slug>/reviews/", services.reviews, name="reviews"),
    path("direct-award/", projects.project_list, name="projects"),
    path("direct-award/new/", projects.project_new, name="project-new"),
    path("direct-award/<int:pk>/", projects.project_detail, name="project"),
    path("direct-award/<int:pk>/search/", projects.project_search, name="project-search"),
    path("direct-award/<int:pk>/end/", projects.project_end, name="project-end"),
    path(
        "direct-award/<int:pk>/shortlist.<str:file_format>",
        projects.project_download,
        name="project-download",
    ),
    path(
        "direct-award/<int:pk>/outcome/correct/", projects.outcome_correct, name="outcome-correct"
    ),
]
