"""Staff pages of the council, for a body's coordinators (``manage.py council_staff``): the
members (adding an adult; a child only once a guardian's consent is recorded), the consents,
the meetings with attendance and minutes, the recommendations with the unit's answer and the
progress notes.

Child members' contact details are shown here and nowhere else. The cases area's checks apply
(second factor, idle timeout, one audit row per page read and per action, refusals too); anyone
who is not a coordinator of the body gets a 404. What a service refuses is shown beside its
form, with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core.l10n import format_day
from adilkent.intake.models import Unit

from . import permissions, selectors, services
from .models import Body, GuardianConsent, Meeting, Member, Recommendation
from .services import CouncilInvalid
from .staff_forms import (
    AnswerForm,
    ConsentForm,
    EndForm,
    MeetingForm,
    MemberForm,
    ProgressForm,
    RecommendationForm,
    WithdrawForm,
)

BODY = "council body"
MEMBERS = "council members"
RECOMMENDATION = "council recommendation"


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _language() -> str:
    return (translation.get_language() or "tr")[:2]


def _body(request: HttpRequest, slug: str) -> Body:
    body = Body.objects.filter(slug=slug).first()
    if body is None or not permissions.coordinates(request.user, body):
        raise Http404
    return body


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    found = Recommendation.objects.select_related("body", "unit", "meeting").filter(pk=pk).first()
    if found is None or not permissions.coordinates(request.user, found.body):
        raise Http404
    return found


def _onto(form: forms.Form, error: CouncilInvalid) -> None:
    for field, found in error.errors.items():
        for message in found:
            form.add_error(field if field in form.fields else None, message)


def _summary(form: forms.Form, anchor: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        if name in form.fields:
            href, label = "#" + form[name].auto_id, str(form.fields[name].label or "")
        else:
            href, label = anchor, ""
        found.extend((href, f"{label}: {e}" if label else str(e)) for e in errors)
    return found


def _run(request: HttpRequest, form: forms.Form, do: Callable[[dict[str, Any]], str]) -> bool:
    """Run ``do`` with the form's data; True (and its message) when done, else the errors
    are on the form."""
    if form.is_valid():
        try:
            done = do(form.cleaned_data)
        except CouncilInvalid as error:
            _onto(form, error)
        else:
            messages.success(request, done)
            return True
    return False


# --- home ---------------------------------------------------------------------------------------


@staff_view("council bodies")
def home(request: HttpRequest) -> HttpResponse:
    bodies = permissions.bodies_of(request.user)
    if not bodies:
        raise Http404
    language = _language()
    return render(
        request,
        "council/staff/home.html",
        {"bodies": [(b, selectors.body_name(b, language)) for b in bodies]},
    )


def _context(body: Body, **more: Any) -> dict[str, Any]:
    return {"body": body, "name": selectors.body_name(body, _language()), **more}


# --- members and consents -----------------------------------------------------------------------


def _consent_label(consent: GuardianConsent) -> str:
    return _("%(child)s, born %(born)s (consent of %(date)s)") % {
        "child": consent.child_name,
        "born": format_day(consent.child_birth_date, style="medium"),
        "date": format_day(consent.given_on, style="medium"),
    }


def _member_form(body: Body, data: Any = None) -> MemberForm:
    consents = [(c.pk, _consent_label(c)) for c in services.consents_usable(body)]
    return MemberForm(
        data, prefix="member", consents=consents, initial={"term_from": timezone.localdate()}
    )


def _members_page(
    request: HttpRequest,
    body: Body,
    member_form: MemberForm | None = None,
    consent_form: ConsentForm | None = None,
) -> HttpResponse:
    member_form = member_form or _member_form(body)
    consent_form = consent_form or ConsentForm(
        prefix="consent", initial={"given_on": timezone.localdate()}
    )
    summary = _summary(member_form, "#add-member") + _summary(consent_form, "#add-consent")
    today = timezone.localdate()
    members = [
        (m, m.is_current(today), EndForm(prefix=f"end{m.pk}", initial={"ended_on": today}))
        for m in Member.objects.filter(body=body).select_related("consent").order_by("-pk")
    ]
    context = _context(
        body,
        members=members,
        consents=[
            (c, WithdrawForm(prefix=f"withdraw{c.pk}", initial={"withdrawn_on": today}))
            for c in GuardianConsent.objects.filter(body=body)
        ],
        member_form=member_form,
        consent_form=consent_form,
        summary=summary,
    )
    return render(request, "council/staff/members.html", context)


@staff_view(MEMBERS, "slug")
def members(request: HttpRequest, slug: str) -> HttpResponse:
    return _members_page(request, _body(request, slug))


@require_POST
@staff_view(MEMBERS, "slug")
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = _member_form(body, request.POST)

    def do(data: dict[str, Any]) -> str:
        consent = None
        if data["consent"] is not None:
            consent = GuardianConsent.objects.filter(pk=data["consent"]).first()
            if consent is None:
                raise CouncilInvalid({"consent": [_("Choose one of the consents listed.")]})
        services.body_member_add(
            body=body,
            full_name=data["full_name"],
            role=data["role"],
            term_from=data["term_from"],
            term_to=data["term_to"],
            birth_date=data["birth_date"],
            sex=data["sex"],
            listed=data["listed"],
            phone=data["phone"],
            email=data["email"],
            guardian_contact=data["guardian_contact"],
            consent=consent,
            adult_confirmed=data["adult"],
            by=request.user,
        )
        return _("%(name)s is now a member.") % {"name": data["full_name"]}

    if _run(request, form, do):
        return redirect("council:staff-members", slug=body.slug)
    return _members_page(request, body, member_form=form)


@require_POST
@staff_view(MEMBERS, "slug")
def consent_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = ConsentForm(request.POST, prefix="consent")

    def do(data: dict[str, Any]) -> str:
        services.guardian_consent_record(body=body, by=request.user, **data)
        return _("The guardian's consent is recorded. The child can now be added as a member.")

    if _run(request, form, do):
        return redirect("council:staff-members", slug=body.slug)
    return _members_page(request, body, consent_form=form)


def _row_action(
    request: HttpRequest, form: forms.Form, do: Callable[[dict[str, Any]], str]
) -> None:
    """A form on one row of the members page: done, or its errors shown as a message."""
    if not _run(request, form, do):
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else str(e))


@require_POST
@staff_view(MEMBERS, "pk")
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = Member.objects.select_related("body").filter(pk=pk).first()
    if member is None or not permissions.coordinates(request.user, member.body):
        raise Http404

    def do(data: dict[str, Any]) -> str:
        services.member_term_end(member=member, ended_on=data["ended_on"], by=request.user)
        return _("%(name)s's membership ends on %(date)s.") % {
            "name": member.full_name,
            "date": format_day(data["ended_on"], style="medium"),
        }

    _row_action(request, EndForm(request.POST, prefix=f"end{pk}"), do)
    return redirect("council:staff-members", slug=member.body.slug)


@require_POST
@staff_view(MEMBERS, "pk")
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = GuardianConsent.objects.select_related("body").filter(pk=pk).first()
    if consent is None or not permissions.coordinates(request.user, consent.body):
        raise Http404

    def do(data: dict[str, Any]) -> str:
        ended = services.guardian_consent_withdraw(
            consent=consent, withdrawn_on=data["withdrawn_on"], by=request.user
        )
        return _("The withdrawal is recorded; memberships ended: %(n)s.") % {"n": len(ended)}

    _row_action(request, WithdrawForm(request.POST, prefix=f"withdraw{pk}"), do)
    return redirect("council:staff-members", slug=consent.body.slug)


# --- meetings -----------------------------------------------------------------------------------


def _meeting_form(body: Body, data: Any = None) -> MeetingForm:
    today = timezone.localdate()
    members = [
        (m.pk, f"{m.full_name} ({m.get_role_display()})")
        for m in Member.objects.filter(body=body)
        if m.is_current(today)
    ]
    return MeetingForm(
        data,
        prefix="meeting",
        members=members,
        initial={"held_on": today, "language": _language()},
    )


def _meetings_page(
    request: HttpRequest, body: Body, form: MeetingForm | None = None
) -> HttpResponse:
    form = form or _meeting_form(body)
    context = _context(
        body,
        meetings=selectors.meetings(body, _language()),
        form=form,
        summary=_summary(form, "#add-meeting"),
    )
    return render(request, "council/staff/meetings.html", context)


@staff_view(BODY, "slug")
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    return _meetings_page(request, _body(request, slug))


@require_POST
@staff_view(BODY, "slug")
def meeting_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = _meeting_form(body, request.POST)

    def do(data: dict[str, Any]) -> str:
        services.meeting_record(
            body=body,
            held_on=data["held_on"],
            place=data["place"],
            language=data["language"],
            agenda=data["agenda"].splitlines(),
            minutes=data["minutes"],
            present=list(Member.objects.filter(body=body, pk__in=data["present"])),
            by=request.user,
        )
        return _("The meeting is recorded.")

    if _run(request, form, do):
        return redirect("council:staff-meetings", slug=body.slug)
    return _meetings_page(request, body, form)


# --- recommendations ----------------------------------------------------------------------------


def _recommendation_form(body: Body, data: Any = None) -> RecommendationForm:
    return RecommendationForm(
        data,
        prefix="rec",
        meetings=[
            (m.pk, f"{format_day(m.held_on, style='medium')} · {m.place}")
            for m in Meeting.objects.filter(body=body)
        ],
        units=[(u.pk, u.name) for u in Unit.objects.order_by("name")],
        initial={"adopted_on": timezone.localdate(), "language": _language()},
    )


def _recommendations_page(
    request: HttpRequest, body: Body, form: RecommendationForm | None = None
) -> HttpResponse:
    form = form or _recommendation_form(body)
    today = timezone.localdate()
    rows = [
        (r, r.status(today), selectors.status_label(r.status(today)))
        for r in selectors.recommendations(body=body)
    ]
    context = _context(
        body,
        rows=rows,
        form=form,
        summary=_summary(form, "#adopt"),
        answer_days=services.answer_days(),
    )
    return render(request, "council/staff/recommendations.html", context)


@staff_view(BODY, "slug")
def recommendations(request: HttpRequest, slug: str) -> HttpResponse:
    return _recommendations_page(request, _body(request, slug))


@require_POST
@staff_view(BODY, "slug")
def recommendation_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = _recommendation_form(body, request.POST)

    def do(data: dict[str, Any]) -> str:
        meeting = Meeting.objects.filter(pk=data["meeting"]).first() if data["meeting"] else None
        unit = Unit.objects.filter(pk=data["unit"]).first() if data["unit"] else None
        services.recommendation_adopt(
            body=body,
            title=data["title"],
            text=data["text"],
            language=data["language"],
            adopted_on=data["adopted_on"],
            unit=unit,
            unit_name=data["unit_name"],
            meeting=meeting,
            answer_due=data["answer_due"],
            by=request.user,
        )
        return _("The recommendation is recorded; the unit's answer is awaited.")

    if _run(request, form, do):
        return redirect("council:staff-recommendations", slug=body.slug)
    return _recommendations_page(request, body, form)


def _recommendation_page(
    request: HttpRequest,
    recommendation: Recommendation,
    answer_form: AnswerForm | None = None,
    progress_form: ProgressForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    answer_form = answer_form or AnswerForm(prefix="answer", initial={"answered_on": today})
    progress_form = progress_form or ProgressForm(prefix="progress", initial={"noted_on": today})
    status = recommendation.status(today)
    context = _context(
        recommendation.body,
        recommendation=recommendation,
        status=status,
        status_label=selectors.status_label(status),
        answer_form=None if recommendation.answered else answer_form,
        progress_form=progress_form,
        summary=_summary(answer_form, "#answer") + _summary(progress_form, "#progress"),
    )
    return render(request, "council/staff/recommendation.html", context)


@staff_view(RECOMMENDATION, "pk")
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(request, _recommendation(request, pk))


@require_POST
@staff_view(RECOMMENDATION, "pk")
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    form = AnswerForm(request.POST, prefix="answer")

    def do(data: dict[str, Any]) -> str:
        services.recommendation_answer(
            recommendation=recommendation,
            answer=data["answer"],
            text=data["text"],
            answered_on=data["answered_on"],
            by=request.user,
        )
        return _("The unit's answer is recorded and public.")

    if _run(request, form, do):
        return redirect("council:staff-recommendation", pk=recommendation.pk)
    return _recommendation_page(request, recommendation, answer_form=form)


@require_POST
@staff_view(RECOMMENDATION, "pk")
def recommendation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    form = ProgressForm(request.POST, prefix="progress")

    def do(data: dict[str, Any]) -> str:
        services.recommendation_progress(
            recommendation=recommendation,
            noted_on=data["noted_on"],
            text=data["text"],
            by=request.user,
        )
        return _("What was done is recorded and public.")

    if _run(request, form, do):
        return redirect("council:staff-recommendation", pk=recommendation.pk)
    return _recommendation_page(request, recommendation, progress_form=form)
