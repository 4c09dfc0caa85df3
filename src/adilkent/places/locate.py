"""Which mahalle a pin falls in, cheaply enough for every request that carries one.

Reading and parsing the GeoJSON boundaries around a pin costs far more than the
point-in-polygon test itself (3 to 6 ms on every request, where the test takes 0.05 ms), so
each process keeps:

- the **boxes**: every mahalle's id, district, bounding box and point on the surface (the
  columns the importer derives from the geometry, see :func:`adilkent.geo.summarise`), read
  in one query of plain columns and read again after :data:`BOXES_SECONDS`;
- the **shapes**: the boundaries it has needed so far, parsed and prepared, each with the box
  columns it was parsed with as its signature. A boundary is parsed again when its signature
  differs from the boxes', which a re-imported, changed polygon gives.

A mahalle saved or deleted in this process is forgotten at once (signals); a change made by
another process is seen within :data:`BOXES_SECONDS`.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db.models.signals import post_delete, post_save
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .models import Mahalle

BOXES_SECONDS = 30.0
SIGNATURE = ("min_lon", "min_lat", "max_lon", "max_lat", "centroid_lon", "centroid_lat")


@dataclass(frozen=True)
class PinPlace:
    """The mahalle (and its district) a point lies in."""

    mahalle_id: int
    district_id: int


@dataclass
class _Boxes:
    ids: np.ndarray
    districts: np.ndarray
    columns: np.ndarray  # one row per mahalle, the SIGNATURE columns (NaN where empty)
    signatures: list[tuple[float | None, ...]]  # the same, as read
    loaded: float


class MahalleShapes:
    """The boxes of every mahalle and the boundaries one process has needed so far."""

    def __init__(self, boxes_seconds: float = BOXES_SECONDS) -> None:
        self.boxes_seconds = boxes_seconds
        self._boxes: _Boxes | None = None
        self._shapes: dict[int, tuple[tuple[float | None, ...], BaseGeometry | None]] = {}
        self._lock = threading.Lock()
        self.parsed = 0  # boundaries parsed so far (for tests and profiling)

    def place_at(self, lat: float, lon: float) -> PinPlace | None:
        """The mahalle whose boundary covers the point (on a shared edge, the lowest id)."""
        boxes = self._current_boxes()
        c = boxes.columns
        hits = np.flatnonzero(
            (c[:, 0] <= lon) & (c[:, 2] >= lon) & (c[:, 1] <= lat) & (c[:, 3] >= lat)
        )
        point = shapely.Point(lon, lat)
        for i in hits:
            pk = int(boxes.ids[i])
            geometry = self._shape(pk, boxes.signatures[i])
            if geometry is not None and geometry.covers(point):
                return PinPlace(mahalle_id=pk, district_id=int(boxes.districts[i]))
        return None

    def _current_boxes(self) -> _Boxes:
        boxes = self._boxes
        if boxes is None or time.monotonic() - boxes.loaded > self.boxes_seconds:
            boxes = self._read_boxes()
            with self._lock:
                self._boxes = boxes
                known = {int(pk) for pk in boxes.ids}
                for pk in [pk for pk in self._shapes if pk not in known]:
                    del self._shapes[pk]
        return boxes

    @staticmethod
    def _read_boxes() -> _Boxes:
        rows = list(
            Mahalle.objects.exclude(min_lon=None)
            .order_by("pk")
            .values_list("pk", "district_id", *SIGNATURE)
        )
        columns = np.array(
            [[math.nan if v is None else v for v in row[2:]] for row in rows], dtype=float
        ).reshape(len(rows), len(SIGNATURE))
        return _Boxes(
            ids=np.array([row[0] for row in rows], dtype=np.int64),
            districts=np.array([row[1] for row in rows], dtype=np.int64),
            columns=columns,
            signatures=[tuple(row[2:]) for row in rows],
            loaded=time.monotonic(),
        )

    def _shape(self, pk: int, signature: tuple[float | None, ...]) -> BaseGeometry | None:
        kept = self._shapes.get(pk)
        if kept is not None and kept[0] == signature:
            return kept[1]
        geometry = self._parse(pk)
        with self._lock:
            self._shapes[pk] = (signature, geometry)
        return geometry

    def _parse(self, pk: int) -> BaseGeometry | None:
        self.parsed += 1
        raw = Mahalle.objects.filter(pk=pk).values_list("geometry", flat=True).first()
        if not raw:
            return None
        try:
            geometry = shape(raw)
        except (ValueError, TypeError, AttributeError, KeyError):
            return None
        shapely.prepare(geometry)
        return geometry

    def forget(self) -> None:
        """Read the boxes again at the next pin, and parse every boundary again."""
        with self._lock:
            self._boxes = None
            self._shapes.clear()


SHAPES = MahalleShapes()


def place_at(lat: float, lon: float) -> PinPlace | None:
    """The mahalle whose boundary covers the point, with its district, or ``None``."""
    return SHAPES.place_at(lat, lon)


def _forget(sender: Any, **kwargs: Any) -> None:
    SHAPES.forget()


post_save.connect(_forget, sender=Mahalle, dispatch_uid="places.locate.forget.save")
post_delete.connect(_forget, sender=Mahalle, dispatch_uid="places.locate.forget.delete")
