"""Keep the cycle collector's full passes short in a long-running web process.

A worker of the web tier holds some 300,000 objects that live as long as it does (modules,
functions, classes, the URL patterns, the loaded category model), most of them imported only
by its first requests. CPython's full collection walks all of them, every couple of thousand
requests: 130 to 230 ms in which the worker answers nothing, measured on the Open311 POST
(``docs/benchmarks/intake.md``). :func:`gc_freeze_when_warm` moves what has survived the
first requests into the permanent generation, which later collections skip; objects created
later are collected as before.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from django.core.signals import request_finished
from django.dispatch import Signal

# After these many requests, collect then freeze: a process keeps loading modules and caches
# through its first requests, and each freeze takes in what was loaded since the last one.
WARM_AFTER = (1, 10, 100, 1000)
DISPATCH_UID = "adilkent-gc-freeze"


def gc_freeze_now() -> None:
    """Collect what is garbage now (so none of it is kept for ever), then freeze the rest."""
    gc.collect()
    gc.freeze()


def gc_freeze_when_warm(
    *, after: Iterable[int] = WARM_AFTER, signal: Signal = request_finished
) -> Callable[..., None]:
    """Freeze after each of the ``after``-th finished requests of this process (see the
    module's docstring). Connected by the WSGI entry point only, not in tests (they pass a
    ``signal`` of their own: a test server's thread may be finishing requests meanwhile).
    Returns the receiver it connected to ``signal``."""
    marks = frozenset(after)
    finished = itertools.count(1)

    def on_finished(sender: Any, **kwargs: Any) -> None:
        if next(finished) in marks:
            gc_freeze_now()

    signal.connect(on_finished, weak=False, dispatch_uid=DISPATCH_UID)
    return on_finished
