"""Arabic: day first, as Django's DATE_FORMAT ("j F، Y") and SHORT_DATE_FORMAT ("d/m/Y").

Django's Arabic module has no date-and-time formats, so they fell back to the global
"N j, Y, P" and "m/d/Y P": month first, beside day-first dates on the same page.
"""

DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
