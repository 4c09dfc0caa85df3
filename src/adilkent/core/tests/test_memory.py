"""The web process's long-lived objects are left out of later full collections."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from django.core.signals import request_finished

from adilkent.core.memory import DISPATCH_UID, gc_freeze_when_warm


class _Node:
    other: Any = None


def _connected() -> bool:
    return any(key[0] == DISPATCH_UID for key, *_rest in request_finished.receivers)


def test_frozen_after_the_given_requests_only() -> None:
    """The receiver is called here directly: sending the signal would also run Django's
    own receivers, which close the database connections."""
    assert gc.get_freeze_count() == 0
    assert not _connected()
    try:
        finished = gc_freeze_when_warm(after=(2, 4))
        assert _connected()
        finished(sender=None)
        assert gc.get_freeze_count() == 0
        finished(sender=None)
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the modules and functions loaded so far
        finished(sender=None)
        assert gc.get_freeze_count() == frozen
        # A cycle made after the freeze is collected as before.
        cycle = _Node()
        cycle.other = cycle
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert gone() is None
        finished(sender=None)
        assert gc.get_freeze_count() > frozen
    finally:
        request_finished.disconnect(dispatch_uid=DISPATCH_UID)
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
    assert not _connected()
