"""Readers for the real source files (no Django).

Each reader takes a path and returns a :class:`~adilkent.importers.report.ReadResult`: the
records it could read and a :class:`~adilkent.importers.report.RowProblem` for every row it
could not use (row number and reason), so that callers import the rest and report the problems.
"""
