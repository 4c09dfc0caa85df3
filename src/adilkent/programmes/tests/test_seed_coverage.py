"""Every programme the seed documents name is in the registry, with facts quoted exactly.

The names below were read off the five seed documents by hand, as each document writes them;
each is checked to occur in its document, so a misspelt name fails here rather than passing.
"""

from __future__ import annotations

import pytest

from adilkent.programmes.models import Fact, KpiValue, Programme
from adilkent.programmes.services import LoadReport

from .conftest import SEEDS_DIR, seed_text

S0, S1, S2, S3, S4 = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))

NAMED = {
    S0: [
        "Refugee Desk",
        "Welcome to İzmir Guide",
        "Information Booklet for Refugees",
        "Legal Aid Vehicle for Justice Project",
        "ALL TOGETHER 2 Project",
        "Project to Raise Awareness on Child Trafficking and/or Human Trafficking for the "
        "Purpose of Labor Exploitation in Turkey",
        "Urban Gardening and Ecological Literacy Project",
        "HİM Multilingual Service Project",
        "Project for Increasing Access of Disabled Refugees to Protection Services",
        "There is Voice in the Neighborhood!",
        "Equal Opportunity for Roma Girls and Women",
        "Onsite Approach to Local",
        "Human Rights and Rights-Based Work Training",
        "İzmir Youth Workshop",
        "Basic Concepts in the Area of Asylum and Migration and False Facts",
        "Training on Fighting Against Forced Child Marriages",
    ],
    S1: [
        "Strategic Management Culture Merit-Based Career Planning",
        "Strategic Plan",
        "Performance Program",
        "Süt Kuzusu Project (Milk Lamb Project)",
        "Mobile Stage, Mobile Library",
        "A Library for Each Neighborhood (Book Delivery Booth Points)",
        "Free Cultural Services (concerts, plays, mobile stage, free tickets for youth)",
        "Culture and art education",
        "Village Theaters",
        "Home Care Services",
        "Child and Youth Centers (ÇOGEM)",
        "Talehouse",
        "Mediterranean for Kids",
        "Autism Education and Awareness Center",
        "Kültürpark Children's Discovery Workshops",
        "Culture Office (Street Art Project)",
        "Children's Municipality",
        "Legal Aid Tool for Justice",
        "Red Flag",
        "Parent Information and Education Center",
        "Hand in Your Hand Project",
        "Garden Therapy and Urban Health Project",
        "The Assembly for the Disabled",
        "The Women’s Assembly",
        "The Children’s Assembly",
        "The Youth Assembly",
    ],
    S2: ["Mülteci Masası", "HİM’de çok dilli hizmet", "mutabakat metni"],
    S3: [
        "Needs Analysis",
        "“Equal Istanbul” Report",
        "The Social Incubation Program",
        "The White Paper",
        "The Guide for Local Governments",
        "Search Conference",
    ],
    S4: [
        "Mahalle Bostanları",
        "Güçlendirme Tohumları",
        "Mahalle Mutfağı",
        "Güçlenme Durakları",
        "Eşit İzmir İstekli Projesi",
        "Meslek Fabrikası",
        "Mobil İstihdam Müracaat Noktası",
        "Roman Gençlerin İstihdamı",
        "Bugünün Gençleri Geleceğin Meslekleri",
        "Yarının Köyleri",
        "Geleceğini Kuran Genç Bayanlar",
        "Altın İğne",
        "Bilgisayarda Giysi Kalıbı Hazırlama",
        "Adettendir Üretiyoruz",
        "GİKA- Teşebbüsçü Bayanlar",
        "2025–2027 Mahallî Eşitlik Hareket Planı",
        "Şiddet, Taciz ve Mobbinge Karşı Sıfır Tolerans Dokümanı",
        "Toplumlar için İklim Dayanıklılığı Programı",
        "Eşitlik için Gençlik",
        "Kadınlar için Bir Mola",
        "Hak temelli eğitimler, atölyeler ve seminerler",
        "Yuvamız İzmir Çocuk Aktiflik Merkezleri",
        "İzmir Çocuk Meclisi",
        "Çocuk Merkezi",
        "Menemen Çocuk ve Ebeveyn Aktiflik Merkezi",
    ],
}


def test_the_seed_list_is_the_five_documents() -> None:
    assert [S0[:3], S1[:3], S2[:3], S3[:3], S4[:3]] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("seed", sorted(NAMED))
def test_every_named_programme_is_in_the_registry(registry: LoadReport, seed: str) -> None:
    text = seed_text(seed)
    registered = {p.seed_names[seed]: p for p in Programme.objects.all() if seed in p.seed_names}
    missing = []
    for name in NAMED[seed]:
        assert name in text, f"{name!r} is not written in {seed}"
        if name not in registered:
            missing.append(name)
    assert not missing, f"named in {seed} but not in the registry: {missing}"
    for name, programme in registered.items():
        assert name in text, f"{programme.slug}: seed name {name!r} is not in {seed}"
        assert programme.facts.exists(), f"{programme.slug} has no sourced fact"


def test_every_fact_is_quoted_verbatim(registry: LoadReport) -> None:
    texts = {seed: seed_text(seed) for seed in NAMED}
    wrong = []
    for fact in Fact.objects.select_related("programme"):
        for line in fact.quote.splitlines():
            if line.strip() and line not in texts[fact.seed]:
                wrong.append((fact.programme.slug, fact.field, line[:80]))
    assert not wrong, wrong
    assert registry.facts == Fact.objects.count()


def test_every_kpi_value_is_quoted_and_shows_its_number(registry: LoadReport) -> None:
    texts = {seed: seed_text(seed) for seed in NAMED}
    for value in KpiValue.objects.select_related("programme"):
        assert value.original_text in texts[value.seed], (value.programme.slug, value.original_text)


def test_every_programme_has_a_sourced_fact(registry: LoadReport) -> None:
    without = [p.slug for p in Programme.objects.all() if not p.facts.exists()]
    assert not without


@pytest.mark.slow
def test_loading_twice_changes_nothing(registry: LoadReport) -> None:
    from adilkent.programmes.services import load_registry

    counts = (Programme.objects.count(), Fact.objects.count(), KpiValue.objects.count())
    again = load_registry()
    assert (again.programmes, again.facts, again.kpi_values) == counts


def test_sut_kuzusu_figures_from_the_source(registry: LoadReport) -> None:
    sut = Programme.objects.get(slug="sut-kuzusu")
    values = {(v.kpi.key, int(v.value)) for v in sut.kpi_values.all()}
    # "156 thousand 313 children in 30 districts and 601 neighborhoods ... 58 different teams"
    assert {
        ("children-reached", 156313),
        ("districts-covered", 30),
        ("neighbourhoods-covered", 601),
        ("teams", 58),
        ("litres-per-child-month", 8),
    } <= values
    budgets = {(b.year_from, b.year_to, int(b.amount)) for b in sut.budgets.all()}
    assert budgets == {(2019, 2021, 906_000_000), (2022, 2022, 435_000_000)}
    assert any("increased" in b.note for b in sut.budgets.all()), "contradiction not noted"
