"""HİM's service map (``intake/data/service_map.yaml``): each unit names its source, every city
service is written in the six languages and routed to its unit, the guide, the request form
and Open311 list the services, reloading keeps staff edits, and a broken map is refused with a
message that says where."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from adilkent.guide.models import Service
from adilkent.guide.seed_data import SERVICES
from adilkent.intake import selectors
from adilkent.intake.forms import service_choices
from adilkent.intake.models import RoutingRule, Unit
from adilkent.intake.service_map import DATA, LANGUAGES, ServiceMapError, service_map_read

SEEDS_DIR = Path(settings.DATA_DIR).parent / "seeds"


def raw() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return loaded


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_units", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_every_unit_names_a_source_that_is_there() -> None:
    for unit in raw()["units"]:
        source = unit["source"]
        kinds = {"law", "data", "seed"} & set(source)
        assert len(kinds) == 1, unit["code"]
        if "data" in source:
            assert (Path(settings.DATA_DIR) / source["data"]).is_file(), unit["code"]
        if "seed" in source:
            text = re.sub(r"\s+", " ", (SEEDS_DIR / source["seed"]).read_text(encoding="utf-8"))
            assert source["quote"] in text, unit["code"]
        if "law" in source:
            assert re.match(r"Law No\. \d{4}\b", source["law"]), unit["code"]
        # no contact details: staff add the e-mail address once HİM has confirmed the unit
        assert set(unit) == {"code", "name", "source"}, unit["code"]


def test_the_map_reads_with_every_text_in_six_languages() -> None:
    city = service_map_read()
    codes = [entry["code"] for entry in city.services]
    assert len(codes) == len(set(codes)) == len(raw()["services"])
    for entry in city.services:
        for field in ("name", "summary", "keywords", "how_to_apply"):
            assert set(entry[field]) == set(LANGUAGES), (entry["code"], field)
        assert entry["group"] == "city" and entry["sla_days"] == 30
    # the emergency number is in every language's text on fire, and on how to apply
    fire = next(e for e in city.services if e["code"] == "fire")
    assert all("112" in text for text in fire["summary"].values())
    assert all("112" in text for text in fire["how_to_apply"].values())
    # the directorate's own services do not appear twice
    assert not set(codes) & {entry["code"] for entry in SERVICES}


@pytest.mark.django_db
def test_loading_creates_the_city_services_units_and_rules_once() -> None:
    city = service_map_read()
    first = load()
    second = load()

    city_services = Service.objects.filter(group="city")
    assert sorted(city_services.values_list("code", flat=True)) == sorted(
        e["code"] for e in city.services
    )
    assert f"{len(city.services)} city services created" in first
    assert "service map: 0 city services created" in second
    assert "units: 0 created" in second.split("service map:")[1]
    for entry in city.services:
        service = Service.objects.get(code=entry["code"])
        unit = selectors.route(service, None, None)
        assert unit is not None and unit.code == entry["unit"], entry["code"]
        assert service.sla_days == 30 and service.accepts_requests
        assert service.name_ar == entry["name"]["ar"]
        assert service.name == entry["name"]["tr"]
    assert Unit.objects.get(code="izsu").name.startswith("İZSU")
    # the directorate's own services keep their units: HİM still takes what has no service
    assert selectors.route(None, None, None).code == "him"
    assert selectors.route(Service.objects.get(code="legal-aid"), None, None).code == (
        "hukuk-araci"
    )


@pytest.mark.django_db
def test_a_reload_keeps_what_staff_changed_in_the_map() -> None:
    load()
    water = Service.objects.get(code="water-sewerage")
    water.sla_days = 3
    water.save()
    rule = RoutingRule.objects.get(service=water, district=None, mahalle=None)
    rule.unit = Unit.objects.get(code="him")
    rule.save()
    Service.objects.filter(code="culture").delete()

    load()

    water.refresh_from_db()
    assert water.sla_days == 3
    assert [r.unit.code for r in RoutingRule.objects.filter(service=water)] == ["him"]
    assert Service.objects.filter(code="culture").exists()  # made again


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["services"][0]["name"].pop("fa"), "water-sewerage: name has no text in fa"),
        (lambda d: d["services"][1].update(unit="nowhere"), "unit 'nowhere' is not among"),
        (lambda d: d["sla"].update(days="soon"), "sla needs days (a number)"),
        (lambda d: d["services"][2].update(code="buses"), "a service needs a code of its own"),
    ],
    ids=["missing translation", "unknown unit", "sla not a number", "code twice"],
)
def test_a_broken_map_is_refused_and_nothing_is_written(
    tmp_path: Path, change: Any, message: str
) -> None:
    data = raw()
    change(data)
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape(message)):
        load("--map", str(path))

    assert not Service.objects.filter(group="city").exists()
    assert not Unit.objects.exists()


def test_a_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("units: [\n", encoding="utf-8")
    with pytest.raises(ServiceMapError, match=r"map\.yaml is not valid YAML"):
        service_map_read(path=path)


@pytest.mark.django_db
def test_the_form_open311_and_the_guide_show_the_city_services(client: Client) -> None:
    load()
    groups = dict(service_choices()[1:])
    city_label = str(dict(Service._meta.get_field("group").choices)["city"])
    assert ("water-sewerage", Service.objects.get(code="water-sewerage").name) in groups[city_label]
    assert ("legal-aid", Service.objects.get(code="legal-aid").name) not in groups[city_label]

    listed = json.loads(client.get("/open311/v2/services.json").content)
    water = next(row for row in listed if row["service_code"] == "water-sewerage")
    assert water["service_name"] == "Su ve kanalizasyon: kesinti, arıza, fatura"

    page = client.get("/ar/services/fire/")
    assert page.status_code == 200
    body = page.content.decode()
    fire = service_map_read().services
    arabic = next(e for e in fire if e["code"] == "fire")["summary"]["ar"]
    assert arabic in body
    assert "Law No. 3071" in body  # the time to answer names its source
