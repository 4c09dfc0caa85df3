"""Screens of the cases area; every one is wrapped by :func:`adilkent.cases.audit.cases_view`."""
