"""What every submitted request is checked and routed against, kept in each process.

The active API keys, the services (with the few columns the intake needs), each service's
questions and the routing rules change a few times a year and are read by every request:
reading them from the database took four queries and about a third of the Open311 POST. They
are kept in one :class:`~adilkent.core.versions.VersionedCache`, read again when one of those
tables changed (any process) or after a minute.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from adilkent.core.versions import VersionedCache, version_bump_on_change
from adilkent.guide.models import Service, ServiceAttribute

from .models import ApiKey, RoutingRule, rule_specificity

NAME = "intake-definitions"

RuleKey = tuple[int | None, int | None, int | None]  # service, district, mahalle


@dataclass(frozen=True)
class IntakeDefinitions:
    api_keys: dict[str, ApiKey]  # the active keys, by key
    services: dict[str, Service]  # every service by code: id, code, sla_days, accepts_requests
    questions: dict[int, tuple[ServiceAttribute, ...]]  # by service id, in their order
    rules: dict[RuleKey, tuple[int, int]]  # the oldest rule (pk, unit id) of each key

    def api_key(self, key: str) -> ApiKey | None:
        """A copy of the active key ``key`` (the copy is the caller's to change)."""
        found = self.api_keys.get(key) if key else None
        return copy.copy(found) if found is not None else None

    def service(self, code: str, *, accepting: bool = False) -> Service | None:
        """A copy of the service ``code`` (only if it accepts requests, with ``accepting``)."""
        found = self.services.get(code) if code else None
        if found is None or (accepting and not found.accepts_requests):
            return None
        return copy.copy(found)

    def unit_id(
        self, *, service_id: int | None, district_id: int | None, mahalle_id: int | None
    ) -> int | None:
        """The unit of the most specific matching rule (:func:`rule_specificity`; the oldest
        on a tie), as :func:`adilkent.intake.selectors.route_unit_id` says."""
        best: tuple[tuple[int, int], int] | None = None
        for s in {None, service_id}:
            for d in {None, district_id}:
                for m in {None, mahalle_id}:
                    found = self.rules.get((s, d, m))
                    if found is None:
                        continue
                    rank = (rule_specificity(service_id=s, district_id=d, mahalle_id=m), -found[0])
                    if best is None or rank > best[0]:
                        best = (rank, found[1])
        return best[1] if best else None


def _build() -> IntakeDefinitions:
    rules: dict[RuleKey, tuple[int, int]] = {}
    for pk, *key, unit_id in RoutingRule.objects.order_by("pk").values_list(
        "pk", "service_id", "district_id", "mahalle_id", "unit_id"
    ):
        rules.setdefault((key[0], key[1], key[2]), (pk, unit_id))
    questions: dict[int, list[ServiceAttribute]] = {}
    for question in ServiceAttribute.objects.order_by("service_id", "order", "code"):
        questions.setdefault(question.service_id, []).append(question)
    return IntakeDefinitions(
        api_keys={k.key: k for k in ApiKey.objects.filter(active=True)},
        services={
            s.code: s for s in Service.objects.only("id", "code", "sla_days", "accepts_requests")
        },
        questions={pk: tuple(found) for pk, found in questions.items()},
        rules=rules,
    )


_CACHE: VersionedCache[IntakeDefinitions] = VersionedCache(NAME, _build)


def intake_definitions() -> IntakeDefinitions:
    return _CACHE.get()


def connect() -> None:
    """(From the app's ``ready``.) A change to any of these tables draws a new version."""
    version_bump_on_change(name=NAME, models=[ApiKey, Service, ServiceAttribute, RoutingRule])
