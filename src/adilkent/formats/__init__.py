"""Date formats that differ from Django's locale formats (``FORMAT_MODULE_PATH``).

Each language writes its dates in one order (docs/decisions/0016-digits-and-dates.md). Django's
formats already do so for tr, en, ru and uk; for ar and fa they are completed here. A module
sets only what it changes: every other name falls back to Django's own module.
"""
