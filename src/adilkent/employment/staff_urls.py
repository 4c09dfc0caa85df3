"""The employment staff's pages and the public funnel page."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("funnel/", staff_views.funnel, name="funnel"),
    path("staff/", staff_views.home, name="staff-home"),
    path("staff/profiles/<int:pk>/", staff_views.profile_detail, name="staff-profile"),
    path("staff/profiles/<int:pk>/consent/", staff_views.profile_consent, name="staff-consent"),
    path("staff/profiles/<int:pk>/cv/", staff_views.profile_cv, name="staff-cv-edit"),
    path("staff/profiles/<int:pk>/cv.pdf", staff_views.profile_cv_pdf, name="staff-cv"),
    path("staff/profiles/<int:pk>/refer/", staff_views.profile_refer, name="staff-refer"),
    path(
        "staff/profiles/from-application/<int:application_pk>/",
        staff_views.profile_from_application,
        name="staff-from-application",
    ),
    path("staff/referrals/<int:pk>/outcome/", staff_views.referral_outcome, name="staff-outcome"),
    path(
        "staff/referrals/<int:pk>/follow-up/",
        staff_views.referral_follow_up,
        name="staff-follow-up",
    ),
    path("staff/vacancies/new/", staff_views.vacancy_new, name="staff-vacancy-new"),
    path("staff/employers/new/", staff_views.employer_new, name="staff-employer-new"),
]
