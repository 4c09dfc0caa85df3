"""URLs of council: public pages, and the staff pages under ``staff/`` (all audited)."""

from django.urls import URLPattern, path

from . import draw_views, staff_views, views

app_name = "council"

staff_urlpatterns: list[URLPattern] = [
    path("staff/", staff_views.home, name="staff-home"),
    path("staff/body/<slug:slug>/members/", staff_views.members, name="staff-members"),
    path("staff/body/<slug:slug>/members/add/", staff_views.member_add, name="staff-member-add"),
    path("staff/body/<slug:slug>/consents/add/", staff_views.consent_add, name="staff-consent-add"),
    path("staff/member/<int:pk>/end/", staff_views.member_end, name="staff-member-end"),
    path(
        "staff/consent/<int:pk>/withdraw/",
        staff_views.consent_withdraw,
        name="staff-consent-withdraw",
    ),
    path("staff/body/<slug:slug>/meetings/", staff_views.meetings, name="staff-meetings"),
    path("staff/body/<slug:slug>/meetings/add/", staff_views.meeting_add, name="staff-meeting-add"),
    path(
        "staff/body/<slug:slug>/recommendations/",
        staff_views.recommendations,
        name="staff-recommendations",
    ),
    path(
        "staff/body/<slug:slug>/recommendations/adopt/",
        staff_views.recommendation_adopt,
        name="staff-recommendation-adopt",
    ),
    path(
        "staff/recommendation/<int:pk>/",
        staff_views.recommendation_detail,
        name="staff-recommendation",
    ),
    path(
        "staff/recommendation/<int:pk>/answer/",
        staff_views.recommendation_answer,
        name="staff-recommendation-answer",
    ),
    path(
        "staff/recommendation/<int:pk>/progress/",
        staff_views.recommendation_progress,
        name="staff-recommendation-progress",
    ),
    path("staff/body/<slug:slug>/draws/", draw_views.body_draws, name="staff-draws"),
    path("staff/body/<slug:slug>/draws/open/", draw_views.draw_open, name="staff-draw-open"),
    path("staff/draw/<int:pk>/", draw_views.draw_detail, name="staff-draw"),
    path(
        "staff/draw/<int:pk>/applicants/add/", draw_views.applicant_add, name="staff-applicant-add"
    ),
    path(
        "staff/draw/<int:pk>/applicants/import/",
        draw_views.applicants_import,
        name="staff-applicants-import",
    ),
    path("staff/draw/<int:pk>/quotas/", draw_views.quotas_set, name="staff-draw-quotas"),
    path("staff/draw/<int:pk>/run/", draw_views.draw_run, name="staff-draw-run"),
]

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("body/<slug:slug>/", views.body_detail, name="body"),
    path("draw/<int:pk>/", draw_views.draw_public, name="draw"),
    path("draw/<int:pk>/pool.csv", draw_views.draw_pool_csv, name="draw-pool"),
    path("draw/<int:pk>/quotas.csv", draw_views.draw_quotas_csv, name="draw-quotas"),
    *staff_urlpatterns,
]
