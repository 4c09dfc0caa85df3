"""Referring a case with consent and the minimum data, and the recipient's answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from ..models import Case, Referral, Unit
from ..models.referrals import SharedField
from .people import active_referral_consent


@transaction.atomic
def refer(
    case: Case,
    to_unit: Unit,
    purpose: str,
    shared_fields: list[str],
    by: Any,
    override_reason: str = "",
) -> Referral:
    """Send a referral. Needs the person's active consent to share with the recipient's
    organisation, or a written reason to refer without it (the referral is then flagged)."""
    if not purpose.strip():
        raise ValidationError(_("Say why the case is referred."))
    unknown = set(shared_fields) - set(SharedField.values)
    if unknown:
        raise ValidationError(_("Unknown data to share: %s") % ", ".join(sorted(unknown)))
    if not to_unit.accepts_referrals:
        raise ValidationError(_("This unit does not accept referrals."))
    consent = active_referral_consent(case.person, to_unit.organisation_id, lock=True)
    if consent is None and not override_reason.strip():
        raise ValidationError(
            _(
                "The person has not consented to sharing with %(org)s. Record their consent, "
                "or give the reason for referring without it."
            )
            % {"org": to_unit.organisation.name}
        )
    return Referral.objects.create(
        case=case,
        to_unit=to_unit,
        purpose=purpose.strip(),
        shared_fields=[f for f in SharedField.values if f in shared_fields],
        consent=consent,
        consent_overridden=consent is None,
        consent_override_reason="" if consent else override_reason.strip(),
        created_by=by,
    )


@transaction.atomic
def respond(referral: Referral, action: str, by: Any, text: str = "") -> Referral:
    """The recipient accepts, declines (with a reason) or completes (with feedback)."""
    if action == "decline":
        if not text.strip():
            raise ValidationError(_("Give the reason for declining."))
        referral.decline_reason = text.strip()
    elif action == "complete":
        if not text.strip():
            raise ValidationError(_("Write feedback for the Refugee Desk."))
        referral.feedback = text.strip()
    elif action != "accept":
        raise ValidationError(_("Unknown step."))
    method = getattr(referral, action)
    if not can_proceed(method):
        raise ValidationError(_("This step is not possible in the referral's current state."))
    method()
    referral.responded_by = by
    referral.save()
    return referral
