"""Field collection on a tablet, for the staff who run a survey: the whole form on one page
that keeps working without a connection, and the endpoint its script sends answers to.

- ``field/``: the form (every question; the page's script shows and hides them as the
  answers change, with the same expressions as the server, parsed here and handed over as
  trees). Saved answer sets wait on the device (``localStorage``, as the mobile employment
  point's outbox does, decision 0007) until the server has answered for each. Without
  JavaScript the page posts as usual and the server checks it.
- ``field/submit/``: one answer set as JSON, checked with the same rules as the web form,
  kept once by its ``instance_id`` (sent again: 200 "already received", nothing created).
- ``field/worker.js``: a small service worker whose scope is the field page: it keeps the
  page and its script so that the page opens again without a connection.

The page and the endpoint go through the cases area's checks (second factor, idle timeout,
one audit row per request); anyone without a role on the survey gets a 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import answering, permissions, responses, selectors
from .expressions import tree_json
from .models import FormVersion, Response, Survey
from .staff_views import staff_view
from .xlsform import Form, Question

ASSETS = ("js/format.js", "surveys/field.js", "surveys/expressions.js", "css/adilkent.css")
MAX_BODY = 256 * 1024


def _survey(request: HttpRequest, slug: str) -> Survey:
    if not permissions.any_role(request.user):
        raise Http404
    survey = Survey.objects.filter(slug=slug, status=Survey.Status.OPEN).first()
    if survey is None or not permissions.runs(request.user, survey):
        raise Http404
    if not survey.versions.exists():
        raise Http404
    return survey


def _tree(questions: Sequence[Question], form: Form, language: str) -> list[dict[str, Any]]:
    """The questions with their expressions as trees and their messages in ``language``."""

    def expression(text: str) -> list[Any] | None:
        return tree_json(text) if text else None

    found = []
    for q in questions:
        message = selectors._text(q.constraint_messages, language, form.default_language)
        required = selectors._text(q.required_messages, language, form.default_language)
        found.append(
            {
                "name": q.name,
                "type": q.type,
                "relevant": expression(q.relevant),
                "constraint": expression(q.constraint),
                "calculation": expression(q.calculation),
                "required": q.required,
                "required_if": expression(q.required_if),
                "repeat_count": expression(q.repeat_count),
                "choices": [c.name for c in q.choices],
                "constraint_message": message.text,
                "required_message": required.text,
                "children": _tree(q.children, form, language),
            }
        )
    return found


def _device_texts() -> dict[str, Any]:
    return {
        "messages": {k: str(v) for k, v in selectors.PROBLEM_MESSAGES.items()},
        "online": _("Connected: answers are sent as soon as they are saved."),
        "offline": _("No connection: answers wait on this device and are sent when it returns."),
        "saved": _("The answers are saved on this device."),
        "sent": _("Answers received by the server."),
        "already": _("These answers had already arrived; they were not kept twice."),
        "rejected": _("The server did not accept these answers:"),
        "not_reached": _("The server could not be reached; the answers stay on this device."),
        "session_ended": _("Your session has ended: sign in again to send the answers."),
        "sign_in": _("Sign in"),
        "correct": _("Please correct the answers marked below."),
        "discard": _("Discard"),
        "saved_at": _("Saved"),
    }


def _render(
    request: HttpRequest,
    survey: Survey,
    version: FormVersion,
    examined: answering.Examined,
    *,
    errors: Mapping[str, selectors.Text] | None = None,
    instance_id: str = "",
    status: int = 200,
) -> HttpResponse:
    form = version.form()
    language = (get_language() or "tr")[:2]
    rows = selectors.answer_fields(
        items=selectors.form_items(form=form),
        answers=examined.answers,
        relevant=examined.relevant,
        errors=errors or {},
        every_row=True,
    )
    context = {
        "survey": survey,
        "title": selectors.survey_title(survey),
        "version": version,
        "rows": rows,
        "summary": selectors.error_summary(rows),
        "shown": selectors.shown_names(rows),
        "expressions_url": static("surveys/expressions.js"),
        "field_mode": True,
        "instance_id": instance_id or str(uuid.uuid4()),
        "tree": _tree(form.children, form, language),
        "device_texts": _device_texts(),
        "store_key": f"adilkent:survey-field:{survey.slug}",
        "submit_url": reverse("surveys:field-submit", args=[survey.slug]),
        "worker_url": reverse("surveys:field-worker", args=[survey.slug]),
        "page_url": reverse("surveys:field", args=[survey.slug]),
    }
    return render(request, "surveys/field.html", context, status=status)


def _errors(examined: answering.Examined, form: Form) -> dict[str, selectors.Text]:
    return {p.field: selectors.problem_message(p, form=form) for p in examined.problems}


@staff_view("survey field page", id_kwarg="slug")
def field_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    version = selectors.survey_version(survey=survey)
    assert version is not None
    form = version.form()
    if request.method != "POST":
        return _render(request, survey, version, answering.answers_examine(form=form, answers={}))
    # Without JavaScript: the whole form posted at once, checked like the web form's pages.
    answers = answering.answers_read(form.children, request.POST.getlist)
    action = request.POST.get("action", "save")
    if action.startswith("add:"):
        answering.repeat_add(form=form, answers=answers, path=action[4:])
    elif action.startswith("remove:"):
        path, _sep, position = action[7:].rpartition(":")
        at = answering.position_read(position)
        if at is not None:
            answering.repeat_remove(form=form, answers=answers, path=path, index=at)
    examined = answering.answers_examine(form=form, answers=answers)
    if action.startswith(("add:", "remove:")):
        return _render(
            request, survey, version, examined, instance_id=request.POST.get("instance_id", "")
        )
    try:
        instance_id = uuid.UUID(request.POST.get("instance_id", ""))
    except ValueError:
        instance_id = uuid.uuid4()
    shown = selectors.answer_fields(
        items=selectors.form_items(form=form),
        answers=examined.answers,
        relevant=examined.relevant,
        errors={},
    )
    appeared = set(selectors.shown_names(shown)) - set(request.POST.getlist("shown"))
    if examined.problems or appeared:
        return _render(
            request,
            survey,
            version,
            examined,
            errors={} if appeared else _errors(examined, form),
            instance_id=str(instance_id),
            status=200 if appeared else 400,
        )
    responses.response_field_receive(
        survey=survey,
        version=version,
        instance_id=instance_id,
        answers=examined.answers,
        submitted_at=timezone.now(),
    )
    messages.success(request, _("Answers received by the server."))
    return redirect("surveys:field", survey.slug)


def _fields(value: Any) -> dict[str, list[str]]:
    """The posted fields of an answer set: each name with its values as text."""
    if not isinstance(value, Mapping):
        raise ValueError("fields")
    found: dict[str, list[str]] = {}
    for name, given in list(value.items())[:2000]:
        items = given if isinstance(given, list) else [given]
        found[str(name)] = [str(v) for v in items[:200] if isinstance(v, str | int | float)]
    return found


def _moment(value: Any) -> dt.datetime:
    """When the answers were saved on the device; the time of arrival if that is missing
    or not plausible (in the future, or more than a year ago)."""
    now = timezone.now()
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return now
    if timezone.is_naive(moment) or moment > now + dt.timedelta(minutes=5):
        return now
    return moment if moment > now - dt.timedelta(days=365) else now


@staff_view("survey response", id_kwarg="slug")
@require_POST
def field_submit(request: HttpRequest, slug: str) -> JsonResponse:
    survey = _survey(request, slug)
    try:
        if len(request.body) > MAX_BODY:
            raise ValueError("size")
        body = json.loads(request.body)
        instance_id = uuid.UUID(str(body["instance_id"]))
        fields = _fields(body["fields"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"errors": {"": [_("These answers could not be read.")]}}, status=400)
    found = Response.objects.filter(instance_id=instance_id).first()
    if found is not None:
        if found.survey_id != survey.pk:
            return JsonResponse(
                {"errors": {"": [_("These answers belong to another survey.")]}}, status=400
            )
        return JsonResponse({"instance_id": str(instance_id), "status": "already received"})
    number = body.get("version")
    version = (
        survey.versions.filter(number=number).first() if isinstance(number, int) else None
    ) or selectors.survey_version(survey=survey)
    assert version is not None
    form = version.form()
    answers = answering.answers_read(form.children, lambda name: fields.get(name, []))
    examined = answering.answers_examine(form=form, answers=answers)
    if examined.problems:
        errors: dict[str, list[str]] = {}
        for name, message in _errors(examined, form).items():
            errors.setdefault(name, []).append(message.text)
        return JsonResponse({"instance_id": str(instance_id), "errors": errors}, status=400)
    _response, created = responses.response_field_receive(
        survey=survey,
        version=version,
        instance_id=instance_id,
        answers=examined.answers,
        submitted_at=_moment(body.get("saved_at")),
    )
    return JsonResponse(
        {"instance_id": str(instance_id), "status": "received" if created else "already received"},
        status=201 if created else 200,
    )


def field_worker(request: HttpRequest, slug: str) -> HttpResponse:
    """The service worker of the field page (no personal data in it: the page's address and
    the static files to keep)."""
    if not Survey.objects.filter(slug=slug).exists():
        raise Http404
    assets = [static(name) for name in ASSETS]
    version = hashlib.sha256(json.dumps(assets).encode()).hexdigest()[:12]
    response = render(
        request,
        "surveys/field_worker.js",
        {"assets": assets, "cache_name": f"adilkent-survey-field-{slug}-{version}"},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response
