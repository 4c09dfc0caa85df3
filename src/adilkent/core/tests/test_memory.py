"""The web process's long-lived objects are left out of later full collections."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from django.core.signals import request_finished
from django.dispatch import Signal

from adilkent.core.memory import DISPATCH_UID, gc_freeze_when_warm


class _Node:
    other: Any = None


def _connected(signal: Signal) -> bool:
    return any(key[0] == DISPATCH_UID for key, *_rest in signal.receivers)


def test_frozen_after_the_given_requests_only() -> None:
    """The receiver is called here directly: sending the signal would also run Django's
    own receivers, which close the database connections. It is connected to a signal of the
    test's own: a test server's thread still answering a browser would count its requests
    too (the likely cause of this test's one failure, in a run with the browser tests)."""
    assert gc.get_freeze_count() == 0
    signal = Signal()
    assert not _connected(signal) and not _connected(request_finished)
    try:
        finished = gc_freeze_when_warm(after=(2, 4), signal=signal)
        assert _connected(signal) and not _connected(request_finished)
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
        signal.disconnect(dispatch_uid=DISPATCH_UID)
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
    assert not _connected(signal)
