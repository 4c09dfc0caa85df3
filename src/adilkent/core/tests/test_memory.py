"""The web process's long-lived objects are left out of later full collections."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from django.core.signals import request_finished

from adilkent.core.memory import gc_freeze_when_warm


class _Node:
    other: Any = None


def test_frozen_after_the_given_requests_only() -> None:
    assert gc.get_freeze_count() == 0
    try:
        gc_freeze_when_warm(after=(2, 4))
        request_finished.send(sender=None)
        assert gc.get_freeze_count() == 0
        request_finished.send(sender=None)
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the modules and functions loaded so far
        request_finished.send(sender=None)
        assert gc.get_freeze_count() == frozen
        # A cycle made after the freeze is collected as before.
        cycle = _Node()
        cycle.other = cycle
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert gone() is None
        request_finished.send(sender=None)
        assert gc.get_freeze_count() > frozen
    finally:
        request_finished.disconnect(dispatch_uid="adilkent-gc-freeze")
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
