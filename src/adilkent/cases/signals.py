"""Signals other apps listen to when the cases area destroys or anonymises data.

Apps that keep their own copies of a person's data (the Legal Aid Vehicle's appointments, for
instance) connect to these, so that erasure and retention reach them without this app knowing
about them.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by anonymise_person after a person is erased; kwargs: person, rule, by.
person_erased = Signal()

# Sent by apply_retention at the end of a run; kwargs: now, by, done (a dict of counts that
# receivers add their own entries to).
retention_applied = Signal()

# Sent by subject_export for each person record exported; kwargs: person, export (the dict
# being built, to which receivers add a section of their own records about the person).
subject_exported = Signal()
