"""Pages of selection by lot: for a body's coordinators, the draws (open one, record the
applicants by hand or from a CSV file, set the quotas, draw); for everyone, a drawn draw's
public record (quotas met, seed, algorithm, library version, the people drawn by reference)
and the files that re-run it (``pool.csv``, ``quotas.csv``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import draws, lottery, selectors
from .models import Body, Draw
from .services import CouncilInvalid
from .staff_forms import ApplicantForm, ApplicantsFileForm, DrawForm, QuotasForm, RunForm
from .staff_views import _body, _context, _language, _onto, _run, _summary, staff_view

DRAW = "council draw"
MAX_FILE = 2 * 1024 * 1024


def _draw(request: HttpRequest, pk: int) -> Draw:
    from . import permissions

    found = Draw.objects.select_related("body").filter(pk=pk).first()
    if found is None or not permissions.coordinates(request.user, found.body):
        raise Http404
    return found


# --- staff --------------------------------------------------------------------------------------


def _draws_page(request: HttpRequest, body: Body, form: DrawForm | None = None) -> HttpResponse:
    form = form or DrawForm(prefix="draw")
    rows = [(d, d.applicants.count()) for d in Draw.objects.filter(body=body)]
    context = _context(body, rows=rows, form=form, summary=_summary(form, "#open-draw"))
    return render(request, "council/staff/draws.html", context)


@staff_view(DRAW, "slug")
def body_draws(request: HttpRequest, slug: str) -> HttpResponse:
    return _draws_page(request, _body(request, slug))


@require_POST
@staff_view(DRAW, "slug")
def draw_open(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = DrawForm(request.POST, prefix="draw")
    opened: list[Draw] = []

    def do(data: dict[str, Any]) -> str:
        opened.append(
            draws.draw_open(body=body, title=data["title"], seats=data["seats"], by=request.user)
        )
        return _("The draw is open: record its applicants.")

    if _run(request, form, do):
        return redirect("council:staff-draw", pk=opened[0].pk)
    return _draws_page(request, body, form)


def _quotas_form(draw: Draw, data: Any = None) -> QuotasForm:
    current = draws.quotas(draw) or draws.draw_quotas_propose(draw=draw)
    known = {(q.feature, q.value): q for q in current}
    # every stratum the applicants have, in the order district, sex, age band
    strata = []
    for feature in lottery.FEATURES:
        for value in sorted(lottery.counts(draws.pool(draw), feature)):
            q = known.get((feature, value))
            strata.append(
                (
                    feature,
                    value,
                    draws.stratum_label(feature, value),
                    q.min if q else 0,
                    q.max if q else 0,
                )
            )
    return QuotasForm(data, prefix="quota", strata=strata)


def _draw_page(
    request: HttpRequest,
    draw: Draw,
    import_problems: list[tuple[int, str]] | None = None,
    **forms_given: Any,
) -> HttpResponse:
    districts = draws.district_names()
    forms_: dict[str, Any] = {
        "applicant_form": ApplicantForm(prefix="applicant", districts=districts),
        "file_form": ApplicantsFileForm(prefix="file"),
        "quotas_form": _quotas_form(draw),
        "run_form": RunForm(prefix="run", initial={"seed": draws.seed_new()}),
    }
    forms_.update(forms_given)
    summary = (
        _summary(forms_["applicant_form"], "#add-applicant")
        + _summary(forms_["file_form"], "#import")
        + _summary(forms_["quotas_form"], "#quotas")
        + _summary(forms_["run_form"], "#run")
    )
    context = _context(
        draw.body,
        draw=draw,
        applicants=list(draw.applicants.order_by("reference")),
        strata=draws.strata_table(draw),
        summary=summary,
        import_problems=import_problems or [],
        **forms_,
    )
    return render(request, "council/staff/draw.html", context)


@staff_view(DRAW, "pk")
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _draw_page(request, _draw(request, pk))


@require_POST
@staff_view(DRAW, "pk")
def applicant_add(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _draw(request, pk)
    form = ApplicantForm(request.POST, prefix="applicant", districts=draws.district_names())

    def do(data: dict[str, Any]) -> str:
        found = draws.draw_applicant_add(draw=draw, by=request.user, **data)
        return _("%(name)s is recorded as applicant %(ref)s.") % {
            "name": found.full_name,
            "ref": found.reference,
        }

    if _run(request, form, do):
        return redirect("council:staff-draw", pk=draw.pk)
    return _draw_page(request, draw, applicant_form=form)


@require_POST
@staff_view(DRAW, "pk")
def applicants_import(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _draw(request, pk)
    form = ApplicantsFileForm(request.POST, request.FILES, prefix="file")
    problems: list[tuple[int, str]] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_FILE:
                raise CouncilInvalid({"file": [_("The file is larger than 2 MB.")]})
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise CouncilInvalid({"file": [_("The file is not UTF-8 text.")]}) from None
            added, problems = draws.draw_applicants_import(draw=draw, text=text, by=request.user)
        except CouncilInvalid as error:
            _onto(form, error)
        else:
            messages.success(
                request,
                _("Applicants added: %(added)s; rows not added: %(bad)s.")
                % {"added": added, "bad": len(problems)},
            )
            if not problems:
                return redirect("council:staff-draw", pk=draw.pk)
    return _draw_page(request, draw, import_problems=problems, file_form=form)


@require_POST
@staff_view(DRAW, "pk")
def quotas_set(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _draw(request, pk)
    form = _quotas_form(draw, request.POST)

    def do(data: dict[str, Any]) -> str:
        quotas = [
            lottery.Quota(
                feature, value, data[f"{feature}|{value}|min"], data[f"{feature}|{value}|max"]
            )
            for feature, value, _label, _low, _high in form.strata
        ]
        draws.draw_quotas_set(draw=draw, quotas=quotas)
        return _("The quotas are saved.")

    if _run(request, form, do):
        return redirect("council:staff-draw", pk=draw.pk)
    return _draw_page(request, draw, quotas_form=form)


@require_POST
@staff_view(DRAW, "pk")
def draw_run(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _draw(request, pk)
    form = RunForm(request.POST, prefix="run")

    def do(data: dict[str, Any]) -> str:
        made = draws.draw_run(draw=draw, seed=data["seed"], by=request.user)
        return _("The draw is made: %(n)s people drawn. Its record is public.") % {
            "n": len(draws.draw_selected(made))
        }

    if _run(request, form, do):
        return redirect("council:staff-draw", pk=draw.pk)
    return _draw_page(request, draw, run_form=form)


# --- public -------------------------------------------------------------------------------------


def _public(pk: int) -> Draw:
    found = Draw.objects.select_related("body").filter(pk=pk, status=Draw.Status.DRAWN).first()
    if found is None:
        raise Http404
    return found


def draw_public(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _public(pk)
    context = {
        "draw": draw,
        "body_name": selectors.body_name(draw.body, _language()),
        "strata": draws.strata_table(draw),
        "selected": draws.draw_selected(draw),
        "applicants": draw.applicants.count(),
    }
    return render(request, "council/public/draw.html", context)


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def draw_pool_csv(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _public(pk)
    return _csv(lottery.pool_csv(draws.pool(draw)), f"draw-{draw.pk}-pool.csv")


def draw_quotas_csv(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _public(pk)
    return _csv(lottery.quotas_csv(draws.quotas(draw)), f"draw-{draw.pk}-quotas.csv")
