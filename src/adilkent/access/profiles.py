"""Travel profiles for the OSM street network: which ways and nodes each one may use, how fast.

Three profiles:

``walk``
    Every way a pedestrian may legally use: footways, paths, pedestrian streets, steps, and
    ordinary streets; not motorways or trunk roads (unless tagged ``foot=yes``), nor ways tagged
    ``foot=no`` or ``access=no/private`` (unless ``foot`` allows it). Both directions always.
``step_free``
    The walking network without obstacles for a wheelchair, a pram or a walking frame, as far as
    the tags tell: no ``highway=steps`` (unless ``ramp:wheelchair=yes``), no ``wheelchair=no``
    way or node, no raised kerb (``kerb=raised``, on a node or a way), and no way whose
    ``incline`` is steeper than 1:12 (8.33 %, the usual ramp limit of accessibility
    standards). Where a tag is missing the way is assumed usable: OSM rarely maps kerbs and
    inclines, so this profile is an upper bound on step-free reach, not a guarantee.
``drive``
    Ways open to cars, with one-way rules (``oneway=yes/1/true/-1``, roundabouts and motorways
    implied) and free-flow speeds: the posted ``maxspeed`` where it can be read, otherwise an
    assumed speed for the class of road (:data:`DRIVE_SPEED_KMH`). No congestion, no turn or
    junction delay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PROFILES = ("walk", "step_free", "drive")

WALK_SPEED_KMH = 4.8
"""Default walking speed (80 m/min), the same as the straight-line model's."""

MAX_STEP_FREE_INCLINE = 100 / 12
"""Steepest incline (percent) the step-free profile accepts: a 1:12 ramp."""

WALK_HIGHWAYS = frozenset(
    {
        "footway",
        "path",
        "pedestrian",
        "steps",
        "living_street",
        "residential",
        "service",
        "unclassified",
        "tertiary",
        "tertiary_link",
        "secondary",
        "secondary_link",
        "primary",
        "primary_link",
        "track",
        "cycleway",
        "bridleway",
        "corridor",
        "crossing",
        "road",
    }
)
"""Highway classes open to pedestrians unless tagged otherwise."""

DRIVE_SPEED_KMH: Mapping[str, float] = {
    "motorway": 100.0,
    "motorway_link": 60.0,
    "trunk": 80.0,
    "trunk_link": 50.0,
    "primary": 60.0,
    "primary_link": 40.0,
    "secondary": 50.0,
    "secondary_link": 40.0,
    "tertiary": 40.0,
    "tertiary_link": 30.0,
    "unclassified": 30.0,
    "residential": 30.0,
    "road": 30.0,
    "living_street": 10.0,
    "service": 15.0,
}
"""Assumed free-flow speeds (km/h) where no ``maxspeed`` can be read; also the drivable classes."""

CAR_BARRIERS = frozenset({"bollard", "block", "jersey_barrier", "chain", "log"})
"""Barriers on a node that stop cars unless the node says ``access=yes``."""

NO_ACCESS = frozenset({"no", "private"})
YES = frozenset({"yes", "designated", "permissive", "official"})

WAY_TAGS = frozenset(
    {
        "highway",
        "access",
        "foot",
        "motor_vehicle",
        "motorcar",
        "vehicle",
        "oneway",
        "junction",
        "maxspeed",
        "wheelchair",
        "kerb",
        "incline",
        "ramp:wheelchair",
        "area",
    }
)
"""The way tags the profiles read (the reader keeps only these)."""

NODE_TAGS = frozenset({"wheelchair", "kerb", "barrier", "access", "foot"})
"""The node tags the profiles read."""


@dataclass(frozen=True)
class WayRule:
    """How a profile may use one way: in which directions and, for driving, how fast."""

    forward: bool
    backward: bool
    speed_kmh: float | None = None


def check_profile(profile: str) -> str:
    """Return ``profile`` if known, else raise a :class:`ValueError` naming the known ones."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
    return profile


_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(%|°|deg)?\s*$")
_SPEED = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(km/h|kmh|kph|mph|knots)?\s*$")


def incline_percent(value: str | None) -> float | None:
    """Steepness in percent of an ``incline`` tag (``"10%"``, ``"-5 %"``, ``"4°"``).

    ``up``, ``down``, ``yes`` and unreadable values say nothing about steepness: ``None``.
    """
    if not value:
        return None
    match = _NUMBER.match(value)
    if not match:
        return None
    number = abs(float(match.group(1).replace(",", ".")))
    if match.group(2) in ("°", "deg"):
        import math

        return math.tan(math.radians(number)) * 100
    return number


def maxspeed_kmh(value: str | None) -> float | None:
    """A ``maxspeed`` tag in km/h (``"50"``, ``"30 mph"``), or ``None`` when it is not a number."""
    if not value:
        return None
    match = _SPEED.match(value.split(";")[0])
    if not match:
        return None
    speed = float(match.group(1).replace(",", "."))
    unit = match.group(2)
    if unit == "mph":
        speed *= 1.609344
    elif unit == "knots":
        speed *= 1.852
    return speed if speed > 0 else None


def _oneway(tags: Mapping[str, str]) -> int:
    """1 forward only, -1 backward only, 0 both ways."""
    value = tags.get("oneway", "")
    if value in ("yes", "1", "true"):
        return 1
    if value == "-1" or value == "reverse":
        return -1
    if value == "no":
        return 0
    if tags.get("junction") in ("roundabout", "circular") or tags.get("highway") == "motorway":
        return 1
    return 0


def way_rule(profile: str, tags: Mapping[str, str]) -> WayRule | None:
    """How ``profile`` may use a way with these tags, or ``None`` when it may not."""
    highway = tags.get("highway", "")
    if profile == "drive":
        if highway not in DRIVE_SPEED_KMH:
            return None
        for key in ("motorcar", "motor_vehicle", "vehicle", "access"):
            if key in tags:
                if tags[key] in NO_ACCESS:
                    return None
                break
        direction = _oneway(tags)
        speed = maxspeed_kmh(tags.get("maxspeed")) or DRIVE_SPEED_KMH[highway]
        return WayRule(forward=direction >= 0, backward=direction <= 0, speed_kmh=speed)

    foot = tags.get("foot")
    if foot in NO_ACCESS:
        return None
    if foot not in YES:
        if highway not in WALK_HIGHWAYS:
            return None
        if tags.get("access") in NO_ACCESS:
            return None
    if profile == "step_free":
        if highway == "steps" and tags.get("ramp:wheelchair") != "yes":
            return None
        if tags.get("wheelchair") == "no" or tags.get("kerb") == "raised":
            return None
        incline = incline_percent(tags.get("incline"))
        if incline is not None and incline > MAX_STEP_FREE_INCLINE:
            return None
    return WayRule(forward=True, backward=True)


def node_blocks(profile: str, tags: Mapping[str, str]) -> bool:
    """Whether a node with these tags cannot be passed (a raised kerb for step-free walking)."""
    if profile == "step_free":
        return tags.get("wheelchair") == "no" or tags.get("kerb") == "raised"
    if profile == "walk":
        return tags.get("foot") in NO_ACCESS
    return tags.get("barrier") in CAR_BARRIERS and tags.get("access") not in YES
