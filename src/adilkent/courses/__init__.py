"""Courses and trainings (Meslek Fabrikası, rights-based trainings): a catalogue of fields,
branches and courses with their sessions, a public course finder, attendance on session days,
completion by each course's rule, and certificates that anyone can verify.

A course is an enrolment :class:`~adilkent.enrolment.models.Term` with one group at its
centre: applications, the published lottery, offers that expire, waiting lists, staff access
and attendance are the enrolment app's, not a second copy.
"""
