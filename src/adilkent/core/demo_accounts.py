"""The demo's staff accounts: one superuser and one account per role, each with its own
authenticator, so that a demo shows what each kind of staff member sees and does.

Used by ``manage.py create_demo_staff`` (creates or resets them) and ``manage.py demo_codes``
(prints each one's current six-digit code). Nothing here runs under the production settings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.models import Organisation, Role, StaffProfile
from adilkent.cases.models import Unit as CasesUnit
from adilkent.intake.models import Unit as RequestUnit

DEFAULT_USERNAME = "demo"
MUNICIPALITY = "İzmir Büyükşehir Belediyesi"
# The cases area's units (made by the cases migrations) and the requests inbox's units (made
# by ``manage.py load_units``) of the same two desks.
REFUGEE_DESK = "Mülteci Masası"
HIM = "Hemşehri İletişim Merkezi (HİM)"
REFUGEE_DESK_CODE = "multeci-masasi"
HIM_CODE = "him"


def is_production() -> bool:
    return str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production")


def cases_unit(name: str) -> CasesUnit:
    """The municipality's unit of the cases area with this name (made if missing)."""
    organisation, _created = Organisation.objects.get_or_create(
        name=MUNICIPALITY, defaults={"is_municipality": True}
    )
    unit, _created = CasesUnit.objects.get_or_create(organisation=organisation, name=name)
    return unit


def cases_role_set(*, user: Any, role: str, unit_name: str) -> None:
    StaffProfile.objects.update_or_create(
        user=user, defaults={"role": role, "unit": cases_unit(unit_name)}
    )


def request_unit_join(*, user: Any, code: str) -> bool:
    """Make ``user`` an officer of the requests unit ``code``; False when there is no such unit
    (``manage.py load_units`` makes them)."""
    unit = RequestUnit.objects.filter(code=code).first()
    if unit is None:
        return False
    unit.members.add(user)
    return True


def coordination_grant(*, user: Any) -> None:
    """The coordinator's roles: the centre programmes (enrolment), the calls (coordinator and
    finance, not a reviewer: a call's panel is other people), the City Council's top bodies
    (and so the bodies under them), the Red Flag (assessor and coordinator), every survey and
    the knowledge pages."""
    from adilkent.calls.models import Call, CallStaff
    from adilkent.council.models import Body, BodyStaff
    from adilkent.enrolment.models import StaffAccess
    from adilkent.knowledge.services import knowledge_editor_grant
    from adilkent.programmes.models import Programme
    from adilkent.redflag.models import RedFlagStaff
    from adilkent.surveys.models import SurveyStaff

    for programme in Programme.objects.filter(centres__isnull=False).distinct():
        StaffAccess.objects.get_or_create(
            user=user, role=StaffAccess.Role.COORDINATOR, programme=programme
        )
    for call in Call.objects.all():
        for role in (CallStaff.Role.COORDINATOR, CallStaff.Role.FINANCE):
            CallStaff.objects.get_or_create(call=call, user=user, role=role)
    for body in Body.objects.filter(parent__isnull=True):
        BodyStaff.objects.get_or_create(body=body, user=user, role=BodyStaff.Role.COORDINATOR)
    for flag_role in RedFlagStaff.Role:
        RedFlagStaff.objects.get_or_create(user=user, role=flag_role)
    SurveyStaff.objects.get_or_create(user=user, survey=None)
    knowledge_editor_grant(user=user)


def _caseworker(user: Any) -> list[str]:
    cases_role_set(user=user, role=Role.CASEWORKER, unit_name=REFUGEE_DESK)
    if not request_unit_join(user=user, code=REFUGEE_DESK_CODE):
        return [f"no requests unit {REFUGEE_DESK_CODE!r} yet (manage.py load_units)"]
    return []


def _operator(user: Any) -> list[str]:
    cases_role_set(user=user, role=Role.HIM_OPERATOR, unit_name=HIM)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="intake", codename="view_all_requests")
    )
    if not request_unit_join(user=user, code=HIM_CODE):
        return [f"no requests unit {HIM_CODE!r} yet (manage.py load_units)"]
    return []


def _coordinator(user: Any) -> list[str]:
    coordination_grant(user=user)
    return []


def _dpo(user: Any) -> list[str]:
    cases_role_set(user=user, role=Role.DPO, unit_name=REFUGEE_DESK)
    return []


@dataclass(frozen=True)
class RoleAccount:
    username: str
    can: str  # what the account is for, as printed
    grant: Callable[[Any], list[str]]  # gives the roles; returns what it could not give


SUPERUSER_CAN = (
    "superuser: admin, every request; Refugee Desk supervisor; coordinator "
    "(centres, calls, council, Red Flag, surveys, knowledge pages)"
)
ROLE_ACCOUNTS: tuple[RoleAccount, ...] = (
    RoleAccount(
        "demo-caseworker",
        "Refugee Desk caseworker (/cases/); officer of the Refugee Desk's requests",
        _caseworker,
    ),
    RoleAccount(
        "demo-operator",
        "HİM operator: enters calls (/requests/), triage desk of every request",
        _operator,
    ),
    RoleAccount(
        "demo-coordinator",
        "coordinator: centres, calls, council, Red Flag, surveys, knowledge pages",
        _coordinator,
    ),
    RoleAccount(
        "demo-dpo",
        "data protection officer: every Refugee Desk record, the audit log",
        _dpo,
    ),
)


def superuser_grant(*, user: Any, username: str) -> None:
    """The superuser's roles. Being a superuser opens nothing in the cases area (need to know:
    a role there is given, never implied), so the demo account is given one: supervisor of the
    Refugee Desk. Other superusers made by the command (``--username``) only coordinate the
    centre programmes."""
    if username != DEFAULT_USERNAME:
        from adilkent.enrolment.models import StaffAccess
        from adilkent.programmes.models import Programme

        for programme in Programme.objects.filter(centres__isnull=False).distinct():
            StaffAccess.objects.get_or_create(
                user=user, role=StaffAccess.Role.COORDINATOR, programme=programme
            )
        return
    coordination_grant(user=user)
    cases_role_set(user=user, role=Role.SUPERVISOR, unit_name=REFUGEE_DESK)


def demo_usernames(*, superuser: str = DEFAULT_USERNAME) -> list[str]:
    """The superuser, then the role accounts (one with the superuser's name is not made)."""
    return [superuser] + [a.username for a in ROLE_ACCOUNTS if a.username != superuser]


def account_can(username: str) -> str:
    for account in ROLE_ACCOUNTS:
        if account.username == username:
            return account.can
    return SUPERUSER_CAN if username == DEFAULT_USERNAME else "superuser: admin, every request"


@dataclass(frozen=True)
class Code:
    code: str
    seconds_left: int  # before the next code
    used: bool  # already entered once: the device takes the next one only


def code_now(*, device: TOTPDevice, at: float | None = None) -> Code:
    """The code ``device`` accepts now (as its ``verify_token`` computes it)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    elapsed = int(totp.time) - device.t0
    return Code(
        code=f"{totp.token():0{device.digits}d}",
        seconds_left=device.step - elapsed % device.step,
        used=totp.t() <= device.last_t,
    )
