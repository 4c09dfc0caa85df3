"""The units, routing rules and reply templates loaded from ``intake/data/units.yaml``: each
unit and rule quotes the seed document it comes from, loading twice changes nothing, staff
edits survive a reload, and requests for a guide service are routed to its unit."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from adilkent.guide.models import Service
from adilkent.intake import selectors
from adilkent.intake.models import ReplyTemplate, RoutingRule, Unit

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "units.yaml"
SEEDS_DIR = Path(settings.DATA_DIR).parent / "seeds"
LANGUAGES = {"tr", "en", "ar", "fa", "ru", "uk"}


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return loaded


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load() -> str:
    """``units.yaml`` alone (HİM's service map has tests of its own: test_service_map.py)."""
    out = StringIO()
    call_command("load_units", "--no-map", stdout=out, stderr=out)
    return out.getvalue()


def sourced_items() -> list[tuple[str, dict[str, Any]]]:
    d = data()
    items = [(f"unit {u['code']}", u) for u in d["units"]]
    items += [(f"rule {r['service']} -> {r['unit']}", r) for r in d["rules"]]
    items += [(f"template {t['code']}", t) for t in d["templates"] if "source" in t]
    return items


@pytest.mark.parametrize(
    ("what", "item"), sourced_items(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_unit_and_rule_quotes_its_seed_document_word_for_word(
    what: str, item: dict[str, Any]
) -> None:
    source = item.get("source")
    assert source, f"{what} names no source"
    seed = SEEDS_DIR / source["file"]
    assert seed.is_file(), f"{what}: no seed file {source['file']}"
    assert words(source["quote"]) in words(seed.read_text(encoding="utf-8")), what


def test_units_have_no_contact_details_the_seeds_do_not_give() -> None:
    assert all(set(u) == {"code", "name", "source"} for u in data()["units"])


def test_loading_creates_every_unit_rule_and_template_and_a_second_run_changes_nothing() -> None:
    d = data()

    first = load()
    counts = (Unit.objects.count(), RoutingRule.objects.count(), ReplyTemplate.objects.count())
    second = load()

    assert counts == (len(d["units"]), len(d["rules"]), len(d["templates"]))
    assert (
        Unit.objects.count(),
        RoutingRule.objects.count(),
        ReplyTemplate.objects.count(),
    ) == counts
    assert "skipped" not in first  # every service the rules name is in the guide
    assert "units: 0 created" in second and "reply templates: 0 created" in second
    assert set(Unit.objects.values_list("name", flat=True)) == {u["name"] for u in d["units"]}


def test_every_template_is_written_in_the_six_languages_without_blanks_to_fill() -> None:
    load()
    for template in ReplyTemplate.objects.all():
        assert set(template.texts) == LANGUAGES, template.code
        for language, text in template.texts.items():
            assert len(text) > 40, (template.code, language)
            assert not re.search(r"[\[\]{}<>_]|\.\.\.|…", text), (template.code, language)
        assert template.text_for("fa") == template.texts["fa"]


def test_each_service_of_the_guide_goes_to_the_unit_that_provides_it() -> None:
    load()
    expected = {r["service"]: r["unit"] for r in data()["rules"]}
    for code, unit_code in expected.items():
        service = Service.objects.get(code=code) if code else None
        routed = selectors.route(service, None, None)
        assert routed is not None and routed.code == unit_code, code
    assert selectors.route(Service.objects.get(code="refugee-desk"), None, None).name == (
        "Mülteci Masası"
    )
    # a request with no service (not yet categorised) goes to HİM, which receives complaints
    assert selectors.route(None, None, None).code == "him"
    # every service of the guide has a rule of its own
    assert set(Service.objects.values_list("code", flat=True)) <= set(expected)


def test_a_reload_keeps_what_staff_changed() -> None:
    load()
    unit = Unit.objects.get(code="multeci-masasi")
    unit.name = "Mülteci Masası (Konak)"
    unit.email = "masa@example.org"
    unit.save()
    rule = RoutingRule.objects.get(service__code="legal-aid", district=None, mahalle=None)
    rule.unit = Unit.objects.get(code="kentsel-adalet-esitlik")
    rule.save()
    template = ReplyTemplate.objects.get(code="genel-belge-gerekli")
    template.texts = {**template.texts, "tr": "Kimlik belgenizin bir kopyası gerekiyor."}
    template.save()
    ReplyTemplate.objects.get(code="genel-inceleniyor").delete()

    load()

    unit.refresh_from_db()
    assert (unit.name, unit.email) == ("Mülteci Masası (Konak)", "masa@example.org")
    legal_aid = RoutingRule.objects.filter(service__code="legal-aid")
    assert [r.unit.code for r in legal_aid] == ["kentsel-adalet-esitlik"]
    assert ReplyTemplate.objects.get(code="genel-belge-gerekli").texts["tr"] == (
        "Kimlik belgenizin bir kopyası gerekiyor."
    )
    assert ReplyTemplate.objects.filter(code="genel-inceleniyor").exists()  # made again


def test_a_rule_for_a_service_the_guide_lacks_is_reported_and_the_rest_loaded(
    tmp_path: Path,
) -> None:
    d = data()
    d["rules"].insert(0, {"service": "no-such-service", "unit": "him", "source": {}})
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    out = StringIO()

    call_command("load_units", "--file", str(path), "--no-map", stdout=out, stderr=out)

    assert "no service 'no-such-service'" in out.getvalue()
    assert RoutingRule.objects.count() == len(d["rules"]) - 1
