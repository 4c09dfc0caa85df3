"""Public pages of the surveys: the open surveys, and a survey's form answered page by page.

The form works without JavaScript: each press of "Next", "Check my answers", "Previous" or a
repeat's buttons posts the page; the server keeps the answers in a draft, works out which
questions are asked now (``relevant``) and checks the page (``required``, ``constraint``). A
closed survey (and a draft survey, for the staff who run it) shows a preview of its questions.

The draft is found by a random token held in a cookie (HttpOnly, SameSite=Lax), in a hidden
field of the form and in the resume link the page offers; no account, IP address or user
agent is kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import answering, permissions, responses, selectors
from .models import Draft, FormVersion, Survey

COOKIE_PREFIX = "survey_draft_"


def index(request: HttpRequest) -> HttpResponse:
    surveys = [(s, selectors.survey_title(s)) for s in selectors.surveys_public()]
    closed = [(s, selectors.survey_title(s)) for s in selectors.surveys_closed()]
    return render(request, "surveys/index.html", {"surveys": surveys, "closed": closed})


def _survey(request: HttpRequest, slug: str) -> Survey:
    found = selectors.survey_public(slug=slug)
    if found is None:
        staff_only = Survey.objects.filter(slug=slug).first()
        if staff_only is not None and permissions.runs(request.user, staff_only):
            found = staff_only  # a draft survey: its staff see the preview
    if found is None or not found.versions.exists():
        raise Http404
    return found


def _preview(request: HttpRequest, survey: Survey) -> HttpResponse:
    version = selectors.survey_version(survey=survey)
    assert version is not None
    return render(
        request,
        "surveys/survey.html",
        {
            "survey": survey,
            "title": selectors.survey_title(survey),
            "purpose": selectors.survey_purpose(survey),
            "version": version,
            "items": selectors.form_items(form=version.form()),
        },
    )


def consent_text() -> str:
    return _(
        "I agree that the municipality may contact me again about this survey at the phone "
        "number or e-mail address below. It is kept encrypted, apart from my answers, and "
        "deleted after %(days)s days."
    ) % {"days": responses.contact_days()}


CONTACT_MESSAGES = {
    "missing": lambda: _("Give a phone number or an e-mail address, or untick the box."),
    "invalid": lambda: _("Enter a phone number (for example 0555 123 45 67) or an e-mail address."),
}


class _Page:
    """What one request works with: the survey, its draft (if any) and the form's pages."""

    def __init__(self, request: HttpRequest, survey: Survey) -> None:
        self.request = request
        self.survey = survey
        self.token = request.POST.get("draft", "") or request.COOKIES.get(
            COOKIE_PREFIX + survey.slug, ""
        )
        self.draft: Draft | None = responses.draft_find(survey=survey, token=self.token)
        self.version: FormVersion = (
            self.draft.form_version if self.draft else selectors.survey_version(survey=survey)  # type: ignore[assignment]
        )
        self.form = self.version.form()
        self.pages = answering.form_pages(self.form)

    def start(self) -> Draft:
        if self.draft is None or self.draft.sent_on is not None:
            self.draft, self.token = responses.draft_start(survey=self.survey, version=self.version)
        return self.draft

    def asked_pages(self, relevant: dict[str, bool]) -> list[int]:
        found = [i for i, p in enumerate(self.pages) if answering.page_is_asked(p, relevant)]
        return found or [0]

    def nearest(self, index: int, asked: list[int], step: int = 0) -> int:
        """The asked page at ``index``, else the next one after it (``step`` 1), before it
        (``step`` -1) or nearest."""
        if step > 0:
            return next((i for i in asked if i > index), asked[-1])
        if step < 0:
            return next((i for i in reversed(asked) if i < index), asked[0])
        if index in asked:
            return index
        return next((i for i in asked if i > index), asked[-1])

    def render(
        self,
        index: int,
        examined: answering.Examined,
        *,
        show_problems: bool = False,
        appeared: bool = False,
        contact_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        asked = self.asked_pages(examined.relevant)
        index = self.nearest(index, asked)
        page = self.pages[index]
        errors = {}
        if show_problems:
            errors = {
                p.field: selectors.problem_message(p, form=self.form)
                for p in examined.problems_under(answering.page_tops(page))
            }
        items = selectors.form_items(form=self.form)
        rows = selectors.answer_fields(
            items=[i for i in items if i.name in answering.page_tops(page)],
            answers=examined.answers,
            relevant=examined.relevant,
            errors=errors,
        )
        last = index == asked[-1]
        draft = self.draft
        resume = ""
        if draft is not None and draft.sent_on is None and self.token:
            resume = self.request.build_absolute_uri(
                reverse("surveys:resume", args=[self.survey.slug, self.token])
            )
        context: dict[str, Any] = {
            "survey": self.survey,
            "title": selectors.survey_title(self.survey),
            "purpose": selectors.survey_purpose(self.survey),
            "rows": rows,
            "summary": selectors.error_summary(rows),
            "contact_error": contact_error,
            "shown": selectors.shown_names(rows),
            "page_index": index,
            "page_number": asked.index(index) + 1,
            "page_count": len(asked),
            "first": index == asked[0],
            "last": last,
            "appeared": appeared,
            "token": self.token if draft is not None and draft.sent_on is None else "",
            "resume_url": resume,
            "consent": consent_text(),
            "draft_days": responses.draft_days(),
            "contact_consent": bool(draft and draft.contact_consent),
            "contact": draft.contact if draft else "",
        }
        response = render(self.request, "surveys/answer.html", context, status=status)
        return self.with_cookie(response)

    def with_cookie(self, response: HttpResponse) -> HttpResponse:
        if self.draft is not None and self.draft.sent_on is None and self.token:
            response.set_cookie(
                COOKIE_PREFIX + self.survey.slug,
                self.token,
                max_age=responses.draft_days() * 24 * 3600,
                path="/",
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


@never_cache
def survey(request: HttpRequest, slug: str) -> HttpResponse:
    found = _survey(request, slug)
    if found.status != Survey.Status.OPEN:
        return _preview(request, found)
    here = _Page(request, found)
    if request.method != "POST":
        if here.draft is not None and here.draft.sent_on is not None:
            here.draft = None  # sent already: a new visit starts afresh
            here.version = selectors.survey_version(survey=found)  # type: ignore[assignment]
            here.form = here.version.form()
            here.pages = answering.form_pages(here.form)
        answers = here.draft.answers if here.draft else {}
        examined = answering.answers_examine(form=here.form, answers=answers)
        return here.render(here.draft.page if here.draft else 0, examined)
    if here.draft is not None and here.draft.sent_on is not None:
        return redirect("surveys:thanks", found.slug)  # "Send" pressed twice
    return _answer(here)


def _answer(here: _Page) -> HttpResponse:
    post = here.request.POST
    draft = here.start()
    action = post.get("action", "next")
    index = min(answering.position_read(post.get("page", "0")) or 0, len(here.pages) - 1)
    page = here.pages[index]
    answers = answering.answers_merge(draft.answers, answering.answers_read(page, post.getlist))
    if action.startswith("add:"):
        answering.repeat_add(form=here.form, answers=answers, path=action[4:])
    elif action.startswith("remove:"):
        path, _sep, position = action[7:].rpartition(":")
        at = answering.position_read(position)
        if at is not None:
            answering.repeat_remove(form=here.form, answers=answers, path=path, index=at)
    examined = answering.answers_examine(form=here.form, answers=answers)
    asked = here.asked_pages(examined.relevant)
    last = index == asked[-1]
    consent, contact = draft.contact_consent, draft.contact
    if last and "page" in post:
        consent = post.get("contact_consent") == "yes"
        contact = post.get("contact", "").strip()
    responses.draft_save(
        draft=draft, answers=examined.answers, page=index, contact_consent=consent, contact=contact
    )
    if action.startswith(("add:", "remove:")):
        return here.render(index, examined)
    if action == "previous":
        draft.page = here.nearest(index, asked, -1)
        draft.save(update_fields=["page"])
        return here.with_cookie(redirect("surveys:survey", here.survey.slug))
    shown_before = set(post.getlist("shown"))
    rows = selectors.answer_fields(
        items=[
            i for i in selectors.form_items(form=here.form) if i.name in answering.page_tops(page)
        ],
        answers=examined.answers,
        relevant=examined.relevant,
        errors={},
    )
    appeared = bool(set(selectors.shown_names(rows)) - shown_before)
    problems = examined.problems_under(answering.page_tops(page))
    contact_error = ""
    if last:
        problem = responses.contact_problem(consent=consent, contact=contact)
        contact_error = CONTACT_MESSAGES[problem]() if problem else ""
    if action == "check" or appeared or problems or contact_error:
        failed = bool(problems or contact_error) and action != "check" and not appeared
        return here.render(
            index,
            examined,
            show_problems=action == "check" or failed,
            appeared=appeared and action != "check",
            contact_error=contact_error if action == "check" or failed else "",
            status=400 if failed else 200,
        )
    if action == "send" and last:
        if examined.problems:  # a problem on an earlier page (answers changed meanwhile)
            first = next(
                i for i, p in enumerate(here.pages)
                if examined.problems_under(answering.page_tops(p))
            )  # fmt: skip
            return here.render(first, examined, show_problems=True, status=400)
        responses.draft_submit(
            draft=draft, language=(get_language() or "tr")[:2], consent_text=consent_text()
        )
        response = redirect("surveys:thanks", here.survey.slug)
        response.delete_cookie(COOKIE_PREFIX + here.survey.slug, path="/", samesite="Lax")
        return response
    draft.page = here.nearest(index, asked, 1)
    draft.save(update_fields=["page"])
    return here.with_cookie(redirect("surveys:survey", here.survey.slug))


@never_cache
def resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The resume link: puts the draft's token in this browser's cookie and goes on."""
    found = _survey(request, slug)
    here = _Page(request, found)
    here.token = token
    here.draft = responses.draft_find(survey=found, token=token)
    if here.draft is None or here.draft.sent_on is not None or found.status != Survey.Status.OPEN:
        return render(
            request,
            "surveys/resume_missing.html",
            {
                "survey": found,
                "title": selectors.survey_title(found),
                "draft_days": responses.draft_days(),
            },
            status=404,
        )
    return here.with_cookie(redirect("surveys:survey", found.slug))


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    found = _survey(request, slug)
    return render(
        request, "surveys/thanks.html", {"survey": found, "title": selectors.survey_title(found)}
    )
