"""Persian: day first, as Django's DATE_FORMAT ("j F Y") and CLDR's long date ("d MMMM y").

Django's Persian short formats put the year first ("Y/n/j"), so a page showed 2026/3/25
beside 25 مارس 2026; they follow the same order here.
"""

SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "j/n/Y،\u200f G:i"
