"""Surveys are run on their staff pages (roles with ``manage.py survey_staff``), not here."""
