from django.urls import URLPattern, URLResolver, path

from .views import auth, casework, home, people, protection, referrals

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("verify/", auth.verify, name="verify"),
    path("people/new/", people.register, name="register"),
    path("people/find/", people.find_person, name="find-person"),
    path("people/<uuid:person_id>/", people.person_detail, name="person"),
    path("people/<uuid:person_id>/edit/", people.edit_person, name="edit-person"),
    path(
        "people/<uuid:person_id>/household/new/",
        people.add_household_member,
        name="add-household-member",
    ),
    path("people/<uuid:person_id>/consent/", people.consent, name="consent"),
    path(
        "people/<uuid:person_id>/consent/<int:consent_id>/withdraw/",
        people.withdraw_consent,
        name="withdraw-consent",
    ),
    path("people/<uuid:person_id>/duplicates/", people.duplicates, name="duplicates"),
    path("people/<uuid:person_id>/cases/new/", casework.open_case, name="open-case"),
    path("people/<uuid:person_id>/export.json", protection.export_json, name="export-json"),
    path("people/<uuid:person_id>/export.pdf", protection.export_pdf, name="export-pdf"),
    path("people/<uuid:person_id>/erase/", protection.erase, name="erase"),
    path("c/<uuid:case_id>/", casework.case_detail, name="case"),
    path("c/<uuid:case_id>/step/", casework.step, name="step"),
    path("c/<uuid:case_id>/notes/", casework.add_note, name="add-note"),
    path("c/<uuid:case_id>/tasks/", casework.add_task, name="add-task"),
    path("c/<uuid:case_id>/documents/", casework.add_document, name="add-document"),
    path("c/<uuid:case_id>/documents/<uuid:document_id>/", casework.document, name="document"),
    path("c/<uuid:case_id>/refer/", referrals.refer, name="refer"),
    path("referrals/<uuid:referral_id>/", referrals.referral_detail, name="referral"),
    path("referrals/<uuid:referral_id>/respond/", referrals.respond, name="respond"),
    path("audit/", protection.audit_log, name="audit"),
    path("audit/export.csv", protection.audit_export, name="audit-export"),
    path("figures/", protection.figures_view, name="figures"),
    path("inventory/", protection.inventory, name="inventory"),
]
