"""Object permissions as explicit rules (django-rules), built on the scopes in selectors."""

from __future__ import annotations

from typing import Any

import rules

from . import selectors
from .models import Case, DuplicateCandidate, Person, Referral, Role


def _has_role(*roles: str) -> Any:
    @rules.predicate(name=f"has_role_{'_'.join(roles)}")
    def predicate(user: Any) -> bool:
        return selectors.role_of(user) in roles

    return predicate


is_caseworker = _has_role(Role.CASEWORKER)
is_supervisor = _has_role(Role.SUPERVISOR)
is_him_operator = _has_role(Role.HIM_OPERATOR)
is_dpo = _has_role(Role.DPO)
is_analyst = _has_role(Role.ANALYST)
is_desk = _has_role(Role.CASEWORKER, Role.SUPERVISOR, Role.HIM_OPERATOR)


@rules.predicate
def case_in_scope(user: Any, case: Case | None) -> bool:
    return case is not None and selectors.visible_cases(user).filter(pk=case.pk).exists()


@rules.predicate
def person_in_scope(user: Any, person: Person | None) -> bool:
    return person is not None and selectors.visible_people(user).filter(pk=person.pk).exists()


@rules.predicate
def referral_received(user: Any, referral: Referral | None) -> bool:
    return (
        referral is not None and selectors.received_referrals(user).filter(pk=referral.pk).exists()
    )


@rules.predicate
def referral_in_scope(user: Any, referral: Referral | None) -> bool:
    return (
        referral is not None and selectors.visible_referrals(user).filter(pk=referral.pk).exists()
    )


@rules.predicate
def merge_in_scope(user: Any, candidate: DuplicateCandidate | None) -> bool:
    """Both records of a duplicate proposal are in the user's scope."""
    if candidate is None:
        return False
    visible = selectors.visible_people(user)
    return visible.filter(pk=candidate.person_id).exists() and (
        visible.filter(pk=candidate.existing_id).exists()
    )


@rules.predicate
def can_read_protection(user: Any) -> bool:
    return selectors.can_read_protection_notes(user)


rules.add_perm("cases.register_person", is_desk)
rules.add_perm("cases.find_person", is_desk | is_dpo)
rules.add_perm("cases.view_person", person_in_scope)
rules.add_perm("cases.open_case", is_desk)
rules.add_perm("cases.view_case", case_in_scope)
rules.add_perm(
    "cases.change_case", case_in_scope & (is_caseworker | is_supervisor | is_him_operator)
)
rules.add_perm("cases.view_protection_notes", case_in_scope & can_read_protection)
rules.add_perm("cases.refer_case", case_in_scope & (is_caseworker | is_supervisor))
rules.add_perm("cases.view_referral", referral_in_scope)
rules.add_perm("cases.respond_referral", referral_received)
# Merging needs rights over both records; only the data protection officer merges across scopes.
rules.add_perm("cases.review_duplicates", is_desk | is_dpo)
rules.add_perm("cases.merge_people", is_dpo | (is_desk & merge_in_scope))
rules.add_perm("cases.view_audit", is_dpo)
rules.add_perm("cases.export_person", is_dpo)
rules.add_perm("cases.erase_person", is_dpo)
rules.add_perm("cases.view_figures", is_analyst | is_supervisor | is_dpo)
rules.add_perm("cases.view_inventory", is_dpo | is_supervisor)
