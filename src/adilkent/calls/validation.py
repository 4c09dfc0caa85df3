"""Checks of bank and identity numbers, each by a maintained library, never a hand-written rule:
IBANs by schwifty (country format, length, bank code, ISO 7064 check digits), Turkish tax
numbers (VKN) and identity numbers (T.C. Kimlik No) by python-stdnum."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.tr import tckimlik, vkn


class NumberInvalid(ValueError):
    pass


def iban_clean(text: str) -> str:
    """The IBAN in its compact form (``TR330006100519786457841326``), or :class:`NumberInvalid`
    saying what is wrong with it."""
    compact = "".join(text.split()).upper()
    if not compact:
        raise NumberInvalid(_("Enter the IBAN."))
    try:
        iban = IBAN(compact)
    except SchwiftyException as error:
        name = type(error).__name__
        if name == "InvalidChecksumDigits":
            message = _("This IBAN's check digits are wrong: please check it for a typing error.")
        elif name == "InvalidLength":
            message = _("This IBAN has the wrong number of characters for its country.")
        elif name == "InvalidCountryCode":
            message = _("This IBAN does not start with a known country code.")
        else:
            message = _("This is not a valid IBAN.")
        raise NumberInvalid(message) from error
    return str(iban.compact)


# ASCII digits only: not "²" or "٣", which str.isdigit accepts
_DIGITS = re.compile(r"[0-9]+")


def tax_number_clean(text: str) -> str:
    """A Turkish tax number (VKN, 10 digits) or identity number (T.C. Kimlik No, 11 digits),
    compact, or :class:`NumberInvalid`."""
    compact = "".join(ch for ch in text if not ch.isspace())
    if not compact:
        raise NumberInvalid(_("Enter the tax number or the identity number."))
    if not _DIGITS.fullmatch(compact):
        raise NumberInvalid(_("A tax or identity number has digits only."))
    module = vkn if len(compact) == 10 else tckimlik if len(compact) == 11 else None
    if module is None:
        raise NumberInvalid(
            _("A tax number has 10 digits and a T.C. identity number 11; this one has %(n)s.")
            % {"n": len(compact)}
        )
    try:
        return str(module.validate(compact))
    except StdnumError as error:
        raise NumberInvalid(
            _("This tax number is not valid: please check it for a typing error.")
            if module is vkn
            else _("This identity number is not valid: please check it for a typing error.")
        ) from error
