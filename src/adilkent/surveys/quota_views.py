"""Staff pages of a survey's quota sheet: the sheet with the field team's progress (sorted by
mahalle or by the furthest behind, filtered by group), a proposal from a total sample, a CSV
file uploaded (bad rows reported, good ones kept) or downloaded, and one quota changed in
place. Without JavaScript. For the staff who run the survey, as every staff page."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from adilkent.core.parsing import ParseError, parse_int

from . import groups, quota_progress, quotas, selectors
from .models import Quota, Response, Survey
from .services import SurveyInvalid
from .staff_views import _attachment, _survey, staff_view

MAX_FILE = 2 * 1024 * 1024
TOTAL_ROWS = "total"  # the filter's value for the quotas on all respondents


class ProposeForm(forms.Form):
    total = forms.IntegerField(
        label=gettext_lazy("Answers needed in all"),
        min_value=1,
        max_value=quotas.MAX_NEEDED,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    replace = forms.BooleanField(label=gettext_lazy("Replace the current sheet"), required=False)


class SheetFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=gettext_lazy(
            "Columns mahalle (TÜİK code or name), group (empty for all respondents, or one "
            "of the codes below) and needed; a district column helps with names found in "
            "several districts. UTF-8. The rows kept replace the sheet."
        ),
    )
    replace = forms.BooleanField(label=gettext_lazy("Replace the current sheet"), required=False)


def _onto(form: forms.Form, error: SurveyInvalid) -> None:
    for name, found in error.errors.items():
        for message in found:
            form.add_error(name if name in form.fields else None, message)


def _replace_checked(form: forms.Form, survey: Survey) -> bool:
    if Quota.objects.filter(survey=survey).exists() and not form.cleaned_data["replace"]:
        form.add_error("replace", _("The survey has a sheet: tick this box to replace it."))
        return False
    return True


def _view_query(data: QueryDict) -> dict[str, str]:
    """The sort and filter of the sheet (unknown values dropped)."""
    found = {}
    if data.get("sort") in quota_progress.SORTS:
        found["sort"] = str(data["sort"])
    if data.get("group") == TOTAL_ROWS or data.get("group") in groups.GROUPS:
        found["group"] = str(data["group"])
    if data.get("open") == "1":
        found["open"] = "1"
    return found


def _back(survey: Survey, data: QueryDict) -> str:
    query = urlencode(_view_query(data))
    url = reverse("surveys:staff-quotas", args=[survey.slug])
    return f"{url}?{query}" if query else url


def _page(
    request: HttpRequest,
    survey: Survey,
    *,
    propose_form: ProposeForm | None = None,
    file_form: SheetFileForm | None = None,
    import_problems: list[tuple[int, str]] | None = None,
    edit_errors: dict[int, list[str]] | None = None,
    edit_values: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    view = _view_query(request.GET if request.method == "GET" else request.POST)
    group = view.get("group")
    progress = quota_progress.quota_progress(survey=survey)
    rows = quota_progress.progress_rows(
        progress.rows,
        sort=view.get("sort", "mahalle"),
        group=None if group is None else quotas.ALL if group == TOTAL_ROWS else group,
        open_only=view.get("open") == "1",
    )
    edit_errors = edit_errors or {}
    edit_values = edit_values or {}
    return render(
        request,
        "surveys/staff/quotas.html",
        {
            "survey": survey,
            "title": selectors.survey_title(survey),
            "progress": progress,
            "rows": [
                (row, edit_errors.get(row.quota.pk, []), edit_values.get(row.quota.pk))
                for row in rows
            ],
            "view": view,
            "sorts": [
                ("mahalle", _("Mahalle")),
                ("behind", _("Furthest behind first")),
                ("remaining", _("Most answers still needed first")),
            ],
            "group_choices": [
                ("", _("Every quota")),
                (TOTAL_ROWS, quotas.group_label(quotas.ALL)),
                *[(code, label) for code, label in groups.GROUPS.items()],
            ],
            "group_codes": list(groups.GROUPS.items()),
            "source_labels": [label for _code, label in Response.Source.choices],
            "basis": quotas.quota_basis(survey=survey),
            "propose_form": propose_form or ProposeForm(),
            "file_form": file_form or SheetFileForm(),
            "import_problems": import_problems or [],
            "max_needed": quotas.MAX_NEEDED,
        },
        status=status,
    )


@staff_view("survey quotas", id_kwarg="slug")
def sheet(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _survey(request, slug))


@staff_view("survey quotas", id_kwarg="slug")
@require_POST
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    form = ProposeForm(request.POST)
    if form.is_valid() and _replace_checked(form, survey):
        try:
            proposal = quotas.quota_propose(survey=survey, total=form.cleaned_data["total"])
            kept = quotas.quota_sheet_set(survey=survey, rows=proposal.rows, by=request.user)
        except SurveyInvalid as error:
            _onto(form, error)
        else:
            messages.success(
                request,
                _(
                    "The sheet is proposed: %(quotas)s quotas for %(total)s answers, in "
                    "proportion to TÜİK's population of %(year)s. Change any number below."
                )
                % {
                    "quotas": len(kept),
                    "total": form.cleaned_data["total"],
                    "year": proposal.basis.year,
                },
            )
            return redirect("surveys:staff-quotas", survey.slug)
    return _page(request, survey, propose_form=form, status=400)


@staff_view("survey quotas", id_kwarg="slug")
@require_POST
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    form = SheetFileForm(request.POST, request.FILES)
    if not (form.is_valid() and _replace_checked(form, survey)):
        return _page(request, survey, file_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > MAX_FILE:
            raise SurveyInvalid({"file": [_("The file is larger than 2 MB.")]})
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SurveyInvalid({"file": [_("The file is not UTF-8 text.")]}) from None
        result = quotas.quota_sheet_import(survey=survey, text=text, by=request.user)
    except SurveyInvalid as error:
        _onto(form, error)
        return _page(request, survey, file_form=form, status=400)
    if not result.replaced:
        messages.error(request, _("No row of the file could be kept: the sheet is unchanged."))
        return _page(request, survey, file_form=form, import_problems=result.problems, status=400)
    messages.success(
        request,
        _("Quotas kept: %(kept)s; rows left out: %(bad)s.")
        % {"kept": len(result.kept), "bad": len(result.problems)},
    )
    if result.problems:
        return _page(request, survey, import_problems=result.problems)
    return redirect("surveys:staff-quotas", survey.slug)


@staff_view("survey quotas", id_kwarg="slug")
def download(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    return _attachment(
        quota_progress.quota_sheet_csv(survey=survey).encode("utf-8"),
        "text/csv; charset=utf-8",
        f"{survey.slug}-quotas.csv",
    )


@staff_view("survey quota", id_kwarg="pk")
@require_POST
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey(request, slug)
    quota = Quota.objects.filter(survey=survey, pk=pk).select_related("mahalle__district").first()
    if quota is None:
        raise Http404
    where = {"mahalle": quota.mahalle, "group": quotas.group_label(quota.group)}
    if request.POST.get("action") == "remove":
        quotas.quota_remove(quota=quota)
        messages.success(request, _("%(mahalle)s, %(group)s: the quota is removed.") % where)
        return redirect(_back(survey, request.POST))
    raw = request.POST.get("needed", "")
    errors: list[str] = []
    try:
        needed = parse_int(raw, field="needed", minimum=1, maximum=quotas.MAX_NEEDED)
        quotas.quota_needed_set(quota=quota, needed=needed, by=request.user)
    except ParseError as error:
        errors.append(error.message)
    except SurveyInvalid as error:
        errors.extend(m for found in error.errors.values() for m in found)
    if errors:
        return _page(
            request, survey, edit_errors={quota.pk: errors}, edit_values={quota.pk: raw}, status=400
        )
    messages.success(
        request,
        _("%(mahalle)s, %(group)s: %(needed)s answers needed.") % {**where, "needed": needed},
    )
    return redirect(_back(survey, request.POST))
