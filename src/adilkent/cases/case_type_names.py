"""Names of the case types created by migration 0002, marked for translation.

Case types live in the database (the desk can add more); these are the message ids of the
ones every deployment starts with, so that ``{% translate case.case_type.name %}`` finds them.
"""

from django.utils.translation import gettext_noop

CASE_TYPE_NAMES = [
    gettext_noop("Legal aid"),
    gettext_noop("Access to a municipal service"),
    gettext_noop("Psychosocial support"),
    gettext_noop("Disability inclusion"),
    gettext_noop("Protection referral"),
    gettext_noop("Gender-based violence"),
    gettext_noop("Child protection"),
]
