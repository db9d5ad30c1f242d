from django.urls import path, re_path

from .moves import NAMES
from .views import apply, finish, manage, public, questions, steps

app_name = "frameworks"

APPLY = "frameworks/<slug:slug>/apply/<slug:supplier_slug>/"

urlpatterns = [
    path("frameworks/", public.framework_list, name="list"),
    path("frameworks/new/", manage.framework_new, name="new"),
    path("frameworks/<slug:slug>/", public.framework_detail, name="detail"),
    path("frameworks/<slug:slug>/edit/", manage.framework_edit, name="edit"),
    path("frameworks/<slug:slug>/lots/new/", manage.lot_new, name="lot-new"),
    path("frameworks/<slug:slug>/lots/<slug:lot>/", questions.lot_questions, name="lot"),
    path(
        "frameworks/<slug:slug>/declaration/",
        questions.declaration_questions,
        name="declaration-questions",
    ),
    # Every move of moves.MOVES, by its name.
    re_path(
        rf"^frameworks/(?P<slug>[-\w]+)/status/(?P<name>{'|'.join(NAMES)})/$",
        steps.framework_step,
        name="transition",
    ),
    path("frameworks/<slug:slug>/applications/", manage.applications, name="applications"),
    path(
        "frameworks/<slug:slug>/applications/<int:pk>/",
        manage.application_detail,
        name="application-detail",
    ),
    path("frameworks/<slug:slug>/agreements/", manage.agreements, name="agreements"),
    path(
        "frameworks/<slug:slug>/agreements/<int:pk>/countersign/",
        manage.agreement_countersign,
        name="countersign",
    ),
    path("frameworks/<slug:slug>/clarifications/", public.clarifications, name="clarifications"),
    path(
        "frameworks/<slug:slug>/clarifications/<int:pk>/answer/",
        manage.clarification_answer,
        name="clarification-answer",
    ),
    path("frameworks/<slug:slug>/apply/<slug:supplier_slug>/start/", apply.start, name="start"),
    path(APPLY, apply.dashboard, name="application"),
    path(
        APPLY + "declaration/<slug:section>/", apply.declaration_section, name="declaration-section"
    ),
    path(APPLY + "declaration-reuse/", apply.declaration_reuse, name="declaration-reuse"),
    path(APPLY + "services/new/<slug:lot>/", apply.service_new, name="service-new"),
    path(APPLY + "services/copy/", apply.services_copy, name="services-copy"),
    path(APPLY + "services/<int:pk>/", apply.service_summary, name="service"),
    path(APPLY + "services/<int:pk>/complete/", apply.service_complete, name="service-complete"),
    path(APPLY + "services/<int:pk>/delete/", apply.service_delete, name="service-delete"),
    path(
        APPLY + "services/<int:pk>/<slug:section>/", apply.service_section, name="service-section"
    ),
    path(APPLY + "submit/", finish.submit_application, name="submit"),
    path(APPLY + "agreement/", finish.agreement, name="agreement"),
    path("question-sets/", manage.question_sets, name="question-sets"),
    path("question-sets/new/", manage.question_set_new, name="question-set-new"),
    path("question-sets/<int:pk>/", manage.question_set_detail, name="question-set"),
]
