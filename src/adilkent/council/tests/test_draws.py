"""Selection by lot: a draw is reproducible from its published seed, pool and quotas (through
the service, the published files and the command line alike), and the people drawn meet every
quota; impossible quotas, a child outside a body's ages, bad rows of an applicants' file and
changes after the draw are refused with their reason; the public record names nobody.

The applicants, their strata and the population counts are invented for the tests."""

from __future__ import annotations

import datetime as dt
import html
import random
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from adilkent.council import draws, lottery
from adilkent.council.models import Applicant, Draw
from adilkent.council.services import CouncilInvalid
from adilkent.places.models import DataSource, District, Mahalle, Population

from .conftest import TODAY, Council, born, signed_in

pytestmark = pytest.mark.django_db

DISTRICTS = ("Bornova", "Buca", "Konak")
BANDS = {"18-29": 24, "30-44": 37, "45-64": 52, "65+": 70}  # an age within each band


@pytest.fixture
def districts(db: None) -> list[District]:
    source = DataSource.objects.create(key="invented", title="Invented counts for the tests")
    found = []
    for number, name in enumerate(DISTRICTS, start=1):
        district = District.objects.create(name=name, slug=name.lower())
        mahalle = Mahalle.objects.create(
            district=district, name=f"{name} Merkez", source_name=name, slug=f"{name}-m"
        )
        # invented: Bornova 100,000 residents, Buca 200,000, Konak 300,000; 52 % women
        total = 100_000 * number
        for group, count in (("total", total), ("female", total * 52 // 100)):
            Population.objects.create(
                mahalle=mahalle, year=2024, group=group, count=count, source=source
            )
        Population.objects.create(
            mahalle=mahalle, year=2024, group="male", count=total - total * 52 // 100, source=source
        )
        found.append(district)
    return found


def _pool(council: Council, size: int = 48) -> Draw:
    draw = draws.draw_open(body=council.transport, title="Transport panel", seats=9, by=None)
    rng = random.Random(20261206)  # a fixed pool: the test's own generator, not the draw's
    for n in range(size):
        draws.draw_applicant_add(
            draw=draw,
            full_name=f"Başvuran Uydurma {n}",
            district=DISTRICTS[n % 3],
            sex=("female", "male")[rng.randrange(2)],
            birth_date=born(list(BANDS.values())[rng.randrange(4)], TODAY),
            phone=f"0555 000 00 {n:02d}",
            by=council.coordinator,
            today=TODAY,
        )
    return draw


QUOTAS = [
    lottery.Quota("district", "Bornova", 2, 3),
    lottery.Quota("district", "Buca", 3, 3),
    lottery.Quota("district", "Konak", 3, 4),
    lottery.Quota("sex", "female", 4, 5),
    lottery.Quota("sex", "male", 4, 5),
    *(lottery.Quota("age_band", band, 1, 4) for band in BANDS),
]


def _meets(draw: Draw, selected: list[str]) -> list[str]:
    """The quotas the selection breaks, counted here from the applicants' rows."""
    rows = {a.reference: a for a in Applicant.objects.filter(draw=draw)}
    broken = []
    for q in draws.quotas(draw):
        n = sum(1 for ref in selected if getattr(rows[ref], q.feature) == q.value)
        if not q.min <= n <= q.max:
            broken.append(f"{q.feature}={q.value}: {n} not in [{q.min}, {q.max}]")
    return broken


def test_a_draw_is_reproducible_from_its_seed_and_meets_its_strata(
    council: Council, districts: Any, tmp_path: Any, capsys: Any
) -> None:
    draw = _pool(council)
    draws.draw_quotas_set(draw=draw, quotas=QUOTAS)
    state = random.getstate()
    made = draws.draw_run(draw=draw, seed=4711, by=council.coordinator)
    assert random.getstate() == state  # the process's own randomness is left as it was
    selected = draws.draw_selected(made)
    assert len(selected) == 9
    assert _meets(made, selected) == []
    assert made.seed == 4711 and made.algorithm == "maximin"
    assert made.library_version == lottery.library_version()
    assert all(row["met"] for row in draws.strata_table(made))

    # anyone re-runs it from the published files and the seed
    client = Client()
    pool_text = client.get(reverse("council:draw-pool", args=[draw.pk])).content.decode()
    quotas_text = client.get(reverse("council:draw-quotas", args=[draw.pk])).content.decode()
    assert "Uydurma" not in pool_text and "0555" not in pool_text
    again = lottery.draw(
        lottery.pool_read(pool_text), lottery.quotas_read(quotas_text), seats=9, seed=4711
    )
    assert list(again.selected) == selected
    (tmp_path / "pool.csv").write_text(pool_text, encoding="utf-8")
    (tmp_path / "quotas.csv").write_text(quotas_text, encoding="utf-8")
    code = lottery.main(
        ["--pool", str(tmp_path / "pool.csv"), "--quotas", str(tmp_path / "quotas.csv"),
         "--seats", "9", "--seed", "4711"]
    )  # fmt: skip
    printed = capsys.readouterr().out.splitlines()
    assert code == 0 and printed[1:] == selected

    # other seeds: every panel meets the quotas, and the seed decides which one is drawn
    panels = set()
    for seed in (1, 2, 3, 4, 5):
        other = lottery.draw(draws.pool(made), draws.quotas(made), seats=9, seed=seed)
        assert _meets(made, list(other.selected)) == []
        panels.add(other.selected)
    assert len(panels) > 1


def test_quotas_proposed_follow_the_population_of_the_applicants_districts(
    council: Council, districts: Any
) -> None:
    draw = _pool(council)
    proposed = {(q.feature, q.value): (q.min, q.max) for q in draws.draw_quotas_propose(draw=draw)}
    # 9 seats; invented shares 1/6, 2/6, 3/6 -> 1.5, 3 and 4.5 seats
    assert proposed[("district", "Bornova")] == (1, 2)
    assert proposed[("district", "Buca")] == (3, 3)
    assert proposed[("district", "Konak")] == (4, 5)
    # 52 % women of 9 seats = 4.68
    assert proposed[("sex", "female")] == (4, 5)
    assert proposed[("sex", "male")] == (4, 5)
    bands = Counter(a.age_band for a in Applicant.objects.filter(draw=draw))
    for band, have in bands.items():
        low, high = proposed[("age_band", band)]
        assert low <= have / 48 * 9 <= high


def test_impossible_quotas_are_refused_with_the_reason_and_nothing_is_drawn(
    council: Council, districts: Any
) -> None:
    draw = _pool(council, size=12)
    have = Counter(a.district for a in Applicant.objects.filter(draw=draw))
    quotas = [
        lottery.Quota("district", "Bornova", have["Bornova"] + 1, 9),
        lottery.Quota("district", "Buca", 0, 9),
        lottery.Quota("district", "Konak", 0, 9),
    ]
    draws.draw_quotas_set(draw=draw, quotas=quotas)
    with pytest.raises(CouncilInvalid) as refused:
        draws.draw_run(draw=draw, seed=9, by=None)
    said = " ".join(refused.value.errors[""])
    assert f"district Bornova: at least {have['Bornova'] + 1} wanted" in said
    draw.refresh_from_db()
    assert draw.status == "open" and draw.seed is None
    assert not Applicant.objects.filter(draw=draw, selected=True).exists()

    with pytest.raises(CouncilInvalid, match="not above the maximum"):
        draws.draw_quotas_set(draw=draw, quotas=[lottery.Quota("sex", "female", 3, 2)])


def test_a_made_draw_cannot_be_changed_or_made_again(council: Council, districts: Any) -> None:
    draw = _pool(council)
    draws.draw_quotas_set(draw=draw, quotas=QUOTAS)
    draws.draw_run(draw=draw, seed=77, by=None)
    before = draws.draw_selected(draw)
    with pytest.raises(CouncilInvalid, match="cannot be changed"):
        draws.draw_run(draw=draw, seed=78, by=None)
    with pytest.raises(CouncilInvalid, match="cannot be changed"):
        draws.draw_applicant_add(
            draw=draw, full_name="Geç Uydurma", district="Buca", sex="male",
            birth_date=born(30), by=None,
        )  # fmt: skip
    assert draws.draw_selected(draw) == before


def test_an_applicant_outside_the_bodys_ages_is_refused(council: Council, districts: Any) -> None:
    draw = draws.draw_open(body=council.assembly, title="Children's panel", seats=3, by=None)
    with pytest.raises(CouncilInvalid) as refused:
        draws.draw_applicant_add(
            draw=draw, full_name="Yetişkin Uydurma", district="Buca", sex="female",
            birth_date=born(20, TODAY), by=None, today=TODAY,
        )  # fmt: skip
    assert "the applicant is 20" in refused.value.errors["birth_date"][0]
    child = draws.draw_applicant_add(
        draw=draw, full_name="Çocuk Uydurma", district="Buca", sex="female",
        birth_date=born(12, TODAY), by=None, today=TODAY,
    )  # fmt: skip
    assert child.age_band == "10-13" and child.reference == "A0001"


def test_an_applicants_file_adds_the_good_rows_and_reports_each_bad_one(
    council: Council, districts: Any
) -> None:
    draw = draws.draw_open(body=council.transport, title="Panel", seats=2, by=None)
    text = (
        "name,district,sex,birth_date,phone\n"
        "Ayşe Uydurma,Buca,female,1990-04-02,0555 111 11 11\n"
        "Mehmet Uydurma,Konak,male,1961-11-30,\n"
        ",Buca,female,1990-01-01,\n"  # row 4: no name
        "Zeynep Uydurma,Atlantis,female,1990-01-01,\n"  # row 5: no such district
        "Ali Uydurma,Bornova,male,30.11.1961,\n"  # row 6: date not YYYY-MM-DD
        "Elif Uydurma,Bornova,other,1985-05-05,\n"  # row 7: sex not in the list
    )
    added, problems = draws.draw_applicants_import(draw=draw, text=text, by=None, today=TODAY)
    assert added == 2
    assert [row for row, _m in problems] == [4, 5, 6, 7]
    assert "name" in problems[0][1] and "district" in problems[1][1]
    assert "YYYY-MM-DD" in problems[2][1] and "sex" in problems[3][1]
    with pytest.raises(CouncilInvalid, match="missing column"):
        draws.draw_applicants_import(draw=draw, text="name,sex\nA,female\n", by=None)


def test_pages_the_coordinator_draws_and_the_public_record_names_nobody(
    council: Council, districts: Any, django_user_model: Any
) -> None:
    client = signed_in(council.coordinator)
    answer = client.post(
        reverse("council:staff-draw-open", args=[council.transport.slug]),
        {"draw-title": "Transport panel 2027", "draw-seats": "2"},
    )
    draw = Draw.objects.get(title="Transport panel 2027")
    assert answer.status_code == 302 and answer["Location"].endswith(f"/draw/{draw.pk}/")
    for name, district, sex, age in (
        ("Ayşe Uydurma", "Buca", "female", 30), ("Mehmet Uydurma", "Konak", "male", 50),
        ("Elif Uydurma", "Buca", "female", 70),
    ):  # fmt: skip
        client.post(
            reverse("council:staff-applicant-add", args=[draw.pk]),
            {"applicant-full_name": name, "applicant-district": district,
             "applicant-sex": sex, "applicant-birth_date": born(age).isoformat()},
        )  # fmt: skip
    page = html.unescape(client.get(reverse("council:staff-draw", args=[draw.pk])).content.decode())
    assert "Ayşe Uydurma" in page and "A0003" in page
    assert "quota-district|Buca|min" in page  # the quotas form, with the strata applied for

    # a bad seed is refused beside its field; the draw stays open
    fields = {
        f"quota-{f}|{v}|{b}": "0" if b == "min" else "2"
        for f, v in (("district", "Buca"), ("district", "Konak"), ("sex", "female"),
                     ("sex", "male"), ("age_band", "30-44"), ("age_band", "45-64"),
                     ("age_band", "65+"))
        for b in ("min", "max")
    }  # fmt: skip
    assert (
        client.post(reverse("council:staff-draw-quotas", args=[draw.pk]), fields).status_code == 302
    )
    bad = client.post(
        reverse("council:staff-draw-run", args=[draw.pk]), {"run-seed": "²", "run-confirm": "on"}
    )
    assert bad.status_code == 200 and "Enter a whole number" in bad.content.decode()
    assert client.get(reverse("council:draw", args=[draw.pk])).status_code == 404  # not drawn
    made = client.post(
        reverse("council:staff-draw-run", args=[draw.pk]),
        {"run-seed": "271828", "run-confirm": "on"},
    )
    assert made.status_code == 302

    public = html.unescape(Client().get(reverse("council:draw", args=[draw.pk])).content.decode())
    assert "<code>271828</code>" in public and "--seed 271828 " in public and "maximin" in public
    # the seed is a code, never written as a number with separators (271.828 in Turkish)
    turkish = Client().get(f"/tr/council/draw/{draw.pk}/").content.decode()
    assert "271828" in turkish and "271.828" not in turkish
    for ref in draws.draw_selected(draw):
        assert ref in public
    assert "Uydurma" not in public
    body_page = Client().get(reverse("council:body", args=[council.transport.slug]))
    assert "Transport panel 2027" in body_page.content.decode()

    stranger = django_user_model.objects.create_user("stranger", is_staff=True)
    assert signed_in(stranger).get(reverse("council:staff-draw", args=[draw.pk])).status_code == 404


def test_the_seed_is_a_whole_number_from_1_to_2_31_minus_1() -> None:
    for seed in (0, -5, lottery.SEED_MAX + 1):
        with pytest.raises(lottery.DrawImpossible, match="seed"):
            lottery.draw([], [], seats=1, seed=seed)
    assert all(1 <= draws.seed_new() <= lottery.SEED_MAX for _ in range(100))


def test_retention_forgets_applicants_not_drawn_after_90_days_and_keeps_the_record(
    council: Council, districts: Any
) -> None:
    from django.utils import timezone

    from adilkent.cases.models import DestructionLog
    from adilkent.council.receivers import contacts_forget

    draw = _pool(council, size=20)
    draws.draw_quotas_set(draw=draw, quotas=draws.draw_quotas_propose(draw=draw))
    draws.draw_run(draw=draw, seed=5, by=None)
    now = timezone.now()
    assert contacts_forget(now=now, by="test") == 0  # just drawn: nothing is due
    Draw.objects.filter(pk=draw.pk).update(drawn_at=now - dt.timedelta(days=91))
    assert contacts_forget(now=now, by="test") == 20 - 9
    for a in Applicant.objects.filter(draw=draw):
        if a.selected:
            assert a.full_name.startswith("Başvuran") and a.phone and a.birth_date
        else:
            assert (a.full_name, a.phone, a.birth_date) == ("", "", None)
        assert a.reference and a.district and a.age_band  # the published record stays
    assert DestructionLog.objects.filter(record_type="council draw applicant").count() == 11
    assert contacts_forget(now=now, by="test") == 0  # once only
