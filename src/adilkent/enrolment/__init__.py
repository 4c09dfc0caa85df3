"""Enrolment in the directorate's centres: places by age group, applications with choices,
priority rules as dated data, a published lottery, offers that expire and waiting lists.

The allocation itself is the Django-free engine :mod:`adilkent.allocation`; this app keeps the
records, checks the applications and turns the engine's result into offers.
"""
