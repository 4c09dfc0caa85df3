"""Writes of the surveys app. Keyword-only functions; bad input raises :class:`SurveyInvalid`
(messages per field) or, for an uploaded form, :class:`FormRejected` (one message per
problem, with its spreadsheet row when known). Nothing is written then."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

from . import xlsform
from .expressions import FUNCTIONS, ExpressionError, parse
from .models import FormVersion, Survey, SurveyStaff

MAX_FORM_BYTES = 5 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_ROW = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
RESERVED_SLUGS = {"staff"}  # addresses of the app's own pages
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SurveyInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class FormProblem:
    """One problem (or warning) of an uploaded form: the message, and the row of the survey
    sheet it is on when pyxform or the expression check knows it."""

    message: str
    row: int | None = None

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class FormRejected(ValidationError):
    """An uploaded form that cannot be used: ``problems`` (one per problem) and the
    ``form_warnings`` pyxform gave before it stopped."""

    def __init__(self, problems: list[FormProblem], warnings: list[FormProblem]) -> None:
        super().__init__([str(p) for p in problems])
        self.problems = problems
        self.form_warnings = warnings


def problems_from_pyxform(text: str) -> list[FormProblem]:
    """pyxform's message(s) as problems: one per line, the ``[row : N]`` taken out as the
    row (pyxform stops at the first error in most cases; some checks list several)."""
    found = []
    for line in str(text).splitlines():
        line = line.strip()
        if not line:
            continue
        row = _ROW.match(line)
        if row:
            found.append(FormProblem(line[row.end() :].strip(), int(row.group(1))))
        else:
            found.append(FormProblem(line))
    return found


def _expression_message(column: str, error: ExpressionError) -> str:
    where = {"column": column, "expression": error.expression}
    details = error.details
    if error.code == "function":
        return _(
            "“%(column)s”: the function %(function)s() in “%(expression)s” is not supported "
            "here. Supported functions: %(supported)s."
        ) % {**where, "function": details["function"], "supported": ", ".join(FUNCTIONS)}
    if error.code == "arguments":
        return _(
            "“%(column)s”: %(function)s() in “%(expression)s” is given the wrong number of "
            "arguments (expected: %(expected)s)."
        ) % {**where, "function": details["function"], "expected": details["expected"]}
    if error.code == "count":
        return (
            _(
                "“%(column)s”: count() in “%(expression)s” must be given the name of a repeat, "
                "written ${name}."
            )
            % where
        )
    if error.code == "regex":
        return _(
            "“%(column)s”: the regular expression “%(pattern)s” in “%(expression)s” is not "
            "valid (%(reason)s)."
        ) % {**where, "pattern": details["pattern"], "reason": details["found"]}
    if details.get("found"):
        return _(
            "“%(column)s”: “%(expression)s” cannot be read at character %(position)s "
            "(“%(found)s”). Only ${name} references, “.”, numbers, quoted text, operators "
            "and the supported functions may be used."
        ) % {**where, "position": details["position"], "found": details["found"]}
    return _("“%(column)s”: “%(expression)s” is incomplete.") % where


def form_expression_problems(form: xlsform.Form) -> list[FormProblem]:
    """Every expression of the form parsed now, so that none fails while a resident answers;
    one problem per expression outside the supported subset."""
    found = []
    for question, _depth in form.walk():
        for column, text in question.expressions():
            try:
                parse(text)
            except ExpressionError as error:
                found.append(FormProblem(_expression_message(column, error), question.row))
        if question.choice_filter:
            found.append(
                FormProblem(
                    _(
                        "“choice_filter” (“%(expression)s”) is not supported yet: give the "
                        "question a choice list of its own."
                    )
                    % {"expression": question.choice_filter},
                    question.row,
                )
            )
    return found


def _language_warnings(form: xlsform.Form) -> list[FormProblem]:
    found = [
        FormProblem(
            _(
                "The language “%(name)s” is not one of the platform's languages: its texts stay "
                "in the ODK form but are not shown on the web."
            )
            % {"name": name}
        )
        for name in form.unknown_languages
    ]
    names = dict(settings.LANGUAGES)
    missing = [str(names[code]) for code in xlsform.LANGUAGE_CODES if code not in form.languages]
    if missing:
        found.append(
            FormProblem(
                _(
                    "The form has no texts in %(languages)s: readers of these languages see "
                    "the form's default language."
                )
                % {"languages": ", ".join(missing)}
            )
        )
    return found


def _read(xlsx_bytes: bytes, filename: str) -> tuple[Any, list[str], list[tuple[int, str]]]:
    """pyxform's conversion of the file, its warnings and the rows of its survey sheet."""
    if not filename.lower().endswith(".xlsx") or not xlsx_bytes.startswith(_ZIP_MAGIC):
        raise FormRejected([FormProblem(_("Upload the form as an Excel .xlsx file."))], [])
    if len(xlsx_bytes) > MAX_FORM_BYTES:
        raise FormRejected(
            [FormProblem(_("The file is larger than %(limit)s MB.") % {"limit": 5})], []
        )
    warnings: list[str] = []
    try:
        result = convert(xlsx_bytes, warnings=warnings, file_type=".xlsx")
        workbook = get_xlsform(xlsform=xlsx_bytes, file_type=".xlsx")
    except PyXFormError as error:
        raise FormRejected(
            problems_from_pyxform(str(error)),
            [p for w in warnings for p in problems_from_pyxform(w)],
        ) from error
    except Exception as error:  # a damaged file may fail deep inside the spreadsheet reader
        raise FormRejected(
            [
                FormProblem(
                    _("The file could not be read as an XLSForm (%(reason)s).")
                    % {"reason": str(error) or type(error).__name__}
                )
            ],
            [],
        ) from error
    return result, warnings, xlsform.survey_sheet_rows(workbook.survey or [])


def form_version_import(
    *, survey: Survey, xlsx_bytes: bytes, filename: str, by: Any
) -> FormVersion:
    """Read an uploaded XLSForm with pyxform and keep it as the survey's next form version.

    The form must pass pyxform's own checks (ODK Validate, a Java program, is not run) and
    every expression in it must be in the subset the web form evaluates. Raises
    :class:`FormRejected` otherwise; nothing is saved then. The version is the settings
    sheet's ``version`` (which must be new for this survey), else the upload's number.
    """
    result, warnings, rows = _read(xlsx_bytes, filename)
    data = result._pyxform
    form = xlsform.form_from_pyxform(data, rows=rows)
    warned = [p for w in warnings for p in problems_from_pyxform(w)] + _language_warnings(form)
    problems = form_expression_problems(form)
    if problems:
        raise FormRejected(problems, warned)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        last = survey.versions.order_by("-number").first()
        number = last.number + 1 if last else 1
        version = form.version or str(number)
        if survey.versions.filter(version=version).exists():
            raise FormRejected(
                [
                    FormProblem(
                        _(
                            "Version “%(version)s” of this survey is already uploaded: give "
                            "the changed form a new “version” on its settings sheet."
                        )
                        % {"version": version}
                    )
                ],
                warned,
            )
        return FormVersion.objects.create(
            survey=survey,
            number=number,
            version=version,
            form_id=form.form_id,
            form_title=form.title[:250],
            xlsx=xlsx_bytes,
            filename=filename[-200:],
            pyxform_json=data,
            xform_xml=result.xform,
            warnings=[str(p) for p in warned],
            rows=[list(r) for r in rows],
            default_language=form.default_language,
            languages=form.languages,
            uploaded_by=by,
        )


def _texts(value: Mapping[str, str] | None) -> dict[str, str]:
    codes = {code for code, _name in settings.LANGUAGES}
    return {k: v.strip() for k, v in (value or {}).items() if k in codes and v and v.strip()}


def survey_create(
    *,
    slug: str,
    title: Mapping[str, str],
    purpose: Mapping[str, str] | None = None,
    target_mahalleler: Iterable[Mahalle] = (),
    target_groups: Iterable[str] = (),
    programme: Programme | None = None,
    by: Any,
) -> Survey:
    """A new survey (a draft); the member who creates it runs it. With a ``programme``, its
    answers count in that programme's measured indicators."""
    errors: dict[str, list[str]] = {}
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        errors.setdefault("slug", []).append(_("Use lower-case letters, digits and hyphens only."))
    elif slug in RESERVED_SLUGS or Survey.objects.filter(slug=slug).exists():
        errors.setdefault("slug", []).append(_("A survey with this short name exists already."))
    titles = _texts(title)
    if settings.LANGUAGE_CODE not in titles:
        errors.setdefault(f"title_{settings.LANGUAGE_CODE}", []).append(
            _("Give the title in the default language.")
        )
    if errors:
        raise SurveyInvalid(errors)
    groups = list(dict.fromkeys(g.strip() for g in target_groups if g and g.strip()))
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=slug,
            title=titles,
            purpose=_texts(purpose),
            target_groups=groups,
            programme=programme,
            created_by=by,
        )
        survey.target_mahalleler.set(list(target_mahalleler))
        if not SurveyStaff.objects.filter(user=by, survey__isnull=True).exists():
            SurveyStaff.objects.get_or_create(user=by, survey=survey)
    return survey


def survey_status_set(*, survey: Survey, status: str) -> Survey:
    """Open, close or return a survey to draft; a survey opens only with a form version."""
    if status not in Survey.Status.values:
        raise SurveyInvalid({"status": [_("Choose a status.")]})
    if status == Survey.Status.OPEN and not survey.versions.exists():
        raise SurveyInvalid({"status": [_("Upload a form before opening the survey.")]})
    survey.status = status
    survey.save(update_fields=["status"])
    return survey
