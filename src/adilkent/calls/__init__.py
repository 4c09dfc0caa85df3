"""Calls: volunteer calls and micro-grant calls, one model of a call with its application form
defined as data, screening, review with conflict-of-interest declarations, determination and
follow-up (shifts and hours for volunteers; agreement, instalments, payments and reports for
grants)."""
