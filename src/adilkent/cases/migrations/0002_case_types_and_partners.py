"""The case types the desk starts with and the organisations named in the desk's brief.

Case type names are English message ids, shown translated. Organisations are the
municipality's own units and the partners the Refugee Desk works with (UNHCR, UNFPA,
SGDD-ASAM, the İzmir Bar Association's legal aid); more are added in the admin.
"""

from django.db import migrations

CASE_TYPES = [
    # code, name, protection case, retention years after closing
    ("legal-aid", "Legal aid", False, 10),
    ("municipal-service", "Access to a municipal service", False, 5),
    ("psychosocial", "Psychosocial support", True, 10),
    ("disability-inclusion", "Disability inclusion", False, 10),
    ("protection-referral", "Protection referral", True, 10),
    ("gbv", "Gender-based violence", True, 10),
    ("child-protection", "Child protection", True, 10),
]

ORGANISATIONS = [
    # organisation, part of the municipality, units
    ("İzmir Büyükşehir Belediyesi", True, ["Mülteci Masası", "Hemşehri İletişim Merkezi (HİM)"]),
    ("UNHCR", False, ["UNHCR"]),
    ("UNFPA", False, ["UNFPA"]),
    ("SGDD-ASAM", False, ["SGDD-ASAM"]),
    ("İzmir Barosu", False, ["Adli Yardım"]),
]


def seed(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    Organisation = apps.get_model("cases", "Organisation")
    Unit = apps.get_model("cases", "Unit")
    for code, name, protection, years in CASE_TYPES:
        CaseType.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_protection": protection, "retention_years": years},
        )
    for org_name, municipal, units in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            name=org_name, defaults={"is_municipality": municipal}
        )
        for unit in units:
            Unit.objects.get_or_create(organisation=org, name=unit)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
