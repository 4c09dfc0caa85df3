"""Accessible İzmir's Red Flag: the registry of venues and vehicles assessed as accessible to
disabled people, the assessment checklists, assessors' visits, flags with their expiry and
renewals; and access to flagged facilities for people who need step-free access."""
