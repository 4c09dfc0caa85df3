"""The cases area's daily retention run reaches the council: a member's contact details
(phone, e-mail, guardian's contact) are destroyed ``COUNCIL_CONTACT_DAYS`` (default 365) after
their term ended, and so is the guardian's contact on the consents of children who are no
longer members; each destruction is logged. Applicants to a draw by lot who were not drawn
lose their name, contacts and date of birth ``COUNCIL_APPLICANT_DAYS`` (default 90) after the
draw, those drawn after ``COUNCIL_CONTACT_DAYS``: the reference and the strata stay, as the
published record of the draw needs them. Names, roles, terms and the record of consent stay
(who was a member, and on whose consent, is the body's record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from .models import Applicant, GuardianConsent, Member

RULE = "council retention (COUNCIL_CONTACT_DAYS after the term ended)"


def contacts_forget(*, now: dt.datetime, by: str) -> int:
    from adilkent.cases.services.protection import log_destruction

    days = int(getattr(settings, "COUNCIL_CONTACT_DAYS", 365))
    cutoff = now.date() - dt.timedelta(days=days)
    count = 0
    for member in Member.objects.filter(term_to__lt=cutoff):
        if member.phone or member.email or member.guardian_contact:
            log_destruction("council member contacts", str(member.pk), "destroyed", RULE, by)
            member.phone = member.email = member.guardian_contact = ""
            member.save(update_fields=["phone", "email", "guardian_contact"])
            count += 1
    for consent in GuardianConsent.objects.prefetch_related("members"):
        members = list(consent.members.all())
        ended = bool(members) and all(m.term_to is not None and m.term_to < cutoff for m in members)
        unused = not members and consent.given_on < cutoff
        if consent.guardian_contact and (ended or unused):
            log_destruction("council guardian contact", str(consent.pk), "destroyed", RULE, by)
            consent.guardian_contact = ""
            consent.save(update_fields=["guardian_contact"])
            count += 1
    count += _applicants_forget(now=now, by=by)
    return count


def _applicants_forget(*, now: dt.datetime, by: str) -> int:
    from adilkent.cases.services.protection import log_destruction

    count = 0
    for selected, setting, default in (
        (False, "COUNCIL_APPLICANT_DAYS", 90),
        (True, "COUNCIL_CONTACT_DAYS", 365),
    ):
        cutoff = now - dt.timedelta(days=int(getattr(settings, setting, default)))
        rule = f"council draws ({setting} after the draw)"
        for applicant in Applicant.objects.filter(
            selected=selected, draw__drawn_at__lt=cutoff
        ).exclude(full_name="", phone="", email="", birth_date=None):
            log_destruction("council draw applicant", str(applicant.pk), "destroyed", rule, by)
            applicant.full_name = applicant.phone = applicant.email = ""
            applicant.birth_date = None
            applicant.save(update_fields=["full_name", "phone", "email", "birth_date"])
            count += 1
    return count


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    done["council_contacts"] = contacts_forget(now=now, by=by)
