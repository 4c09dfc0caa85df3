"""Registrations at the mobile employment point.

Staff register people on a tablet at each stop, often without a connection: the tablet keeps
each entry with an identifier it made itself (``client_id``) and the moment it was entered,
and sends it when the connection returns. An entry sent twice arrives once; a person already
known (same phone, or same name and year of birth) is linked to their profile and the
registration is counted as a duplicate instead of making a second profile.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.cases.crypto import keyed_hash
from adilkent.places.models import Mahalle

from .models import MobileRegistration, Profile

PHONE_PURPOSE = "phone"
PERSON_PURPOSE = "employment-person"

PHONE_DIGITS = (10, 13)
OLDEST_BIRTH_YEAR = 1920
YOUNGEST_AGE = 15
# A tablet's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=5)
# An entry kept longer than this on a tablet is refused: staff enter it again with the person.
KEPT_AT_MOST = dt.timedelta(days=30)
NAME_MAX = 200
STOP_MAX = 200
LANGUAGES_MAX = 200
SKILLS_MAX = 2000
# What a phone number may hold besides its digits.
PHONE_SEPARATORS = frozenset(" +()-.")


class MobileRegistrationInvalid(Exception):
    """Bad input: ``errors`` maps each field to its messages; nothing was stored."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# --- recognising a person already registered ----------------------------------------------


def phone_digits(phone: str) -> str:
    """The digits of a phone number as written ("0 (555) 123 45 67" gives "05551234567")."""
    return "".join(ch for ch in phone if "0" <= ch <= "9")


def phone_hash(phone: str) -> str:
    """The keyed hash stored with a profile: of the number's digits as written."""
    return keyed_hash(phone_digits(phone), PHONE_PURPOSE)


def _phone_forms(digits: str) -> set[str]:
    """The ways one Turkish number is commonly written: 555…, 0555… and 90555… (with +).
    A number in another country's format is taken as written."""
    national = ""
    if len(digits) == 10 and not digits.startswith("0"):
        national = digits
    elif len(digits) == 11 and digits.startswith("0"):
        national = digits[1:]
    elif len(digits) == 12 and digits.startswith("90"):
        national = digits[2:]
    if not national:
        return {digits} if digits else set()
    return {national, "0" + national, "90" + national}


def phone_hashes(phone: str) -> set[str]:
    """The hashes under which the same number may have been stored before."""
    return {keyed_hash(form, PHONE_PURPOSE) for form in _phone_forms(phone_digits(phone))}


def person_key(name: str, birth_year: int | None) -> str:
    """Name and year of birth, case-folded (``keyed_hash`` drops spaces and punctuation).
    Without a year of birth a name alone would join different people: no key."""
    if birth_year is None or not name.strip():
        return ""
    return keyed_hash(f"{name.casefold()}{birth_year}", PERSON_PURPOSE)


def known_profile(name: str, phone: str, birth_year: int | None) -> Profile | None:
    """The person's earlier profile: by phone first, then by name and year of birth."""
    profiles = Profile.objects.filter(personal_data_erased_at__isnull=True).order_by("created_at")
    hashes = phone_hashes(phone)
    found = profiles.filter(phone_hash__in=hashes).first() if hashes else None
    key = person_key(name, birth_year)
    if found is None and key:
        found = profiles.filter(person_key=key).first()
    return found


# --- checking an entry --------------------------------------------------------------------


def youngest_birth_year(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year - YOUNGEST_AGE


def field_messages(today: dt.date | None = None) -> dict[str, str]:
    """The messages of the checks the tablet can also make before sending (in the active
    language); the page hands them to its script, so both speak the same words."""
    return {
        "name_required": _("Enter the person's name."),
        "phone_required": _("Enter a phone number: it is how the employment unit reaches them."),
        "phone_implausible": _(
            "This does not look like a phone number: give 10 to 13 digits, "
            "for example 0555 123 45 67 or +90 555 123 45 67."
        ),
        "birth_year_range": _("Enter a year of birth between %(oldest)s and %(youngest)s.")
        % {"oldest": OLDEST_BIRTH_YEAR, "youngest": youngest_birth_year(today)},
    }


def _length(errors: dict[str, list[str]], field: str, value: str, most: int) -> None:
    if len(value) > most:
        _add(
            errors,
            field,
            _("Write at most %(most)s characters here (now %(count)s).")
            % {"most": most, "count": len(value)},
        )


def registration_errors(
    *,
    name: str,
    phone: str,
    birth_year: int | None,
    sex: str,
    mahalle_id: int | None,
    skills: str,
    languages: str,
    stop: str,
    entered_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> dict[str, list[str]]:
    """Every problem with an entry at once, by field (empty: the entry can be stored). A
    missing ``entered_at`` is not checked (the caller could not read it and says so)."""
    now = now or timezone.now()
    messages = field_messages(timezone.localtime(now).date())
    errors: dict[str, list[str]] = {}
    if not name.strip():
        _add(errors, "name", messages["name_required"])
    _length(errors, "name", name.strip(), NAME_MAX)
    if not phone.strip():
        _add(errors, "phone", messages["phone_required"])
    else:
        stray = any(not "0" <= ch <= "9" and ch not in PHONE_SEPARATORS for ch in phone.strip())
        digits = len(phone_digits(phone))
        if stray or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            _add(errors, "phone", messages["phone_implausible"])
    if birth_year is not None and not (
        OLDEST_BIRTH_YEAR <= birth_year <= youngest_birth_year(timezone.localtime(now).date())
    ):
        _add(errors, "birth_year", messages["birth_year_range"])
    if sex and sex not in Profile.Sex.values:
        _add(
            errors,
            "sex",
            _("Choose one of the answers given: %(choices)s.")
            % {"choices": ", ".join(str(label) for label in Profile.Sex.labels)},
        )
    if mahalle_id is not None and not Mahalle.objects.filter(pk=mahalle_id).exists():
        _add(errors, "mahalle", _("This neighbourhood is not in the list: choose it again."))
    _length(errors, "skills", skills.strip(), SKILLS_MAX)
    _length(errors, "languages", languages.strip(), LANGUAGES_MAX)
    _length(errors, "stop", stop.strip(), STOP_MAX)
    if entered_at is not None:
        if timezone.is_naive(entered_at):
            entered_at = timezone.make_aware(entered_at)
        if entered_at > now + CLOCK_SKEW:
            _add(
                errors,
                "entered_at",
                _(
                    "The time of entry is in the future: check the date and time set on "
                    "this device."
                ),
            )
        elif entered_at < now - KEPT_AT_MOST:
            _add(
                errors,
                "entered_at",
                _(
                    "This entry was made more than %(days)s days ago and can no longer be "
                    "received: register the person again."
                )
                % {"days": KEPT_AT_MOST.days},
            )
    return errors


# --- receiving an entry -------------------------------------------------------------------


def mobile_registration_receive(
    *,
    client_id: uuid.UUID,
    name: str,
    phone: str,
    birth_year: int | None,
    sex: str,
    mahalle_id: int | None,
    skills: str,
    languages: str,
    cv_consent: bool,
    stop: str,
    entered_at: dt.datetime,
    entered_by: AbstractBaseUser | AnonymousUser | None,
) -> tuple[MobileRegistration, bool]:
    """Store one entry from the tablet; ``True`` if it is new, ``False`` if this entry had
    already arrived (then it is returned as it was stored, whatever is sent now).

    Raises :class:`MobileRegistrationInvalid` with every problem at once; nothing is stored
    then.
    """
    earlier = MobileRegistration.objects.filter(client_id=client_id).first()
    if earlier is not None:
        return earlier, False
    errors = registration_errors(
        name=name,
        phone=phone,
        birth_year=birth_year,
        sex=sex,
        mahalle_id=mahalle_id,
        skills=skills,
        languages=languages,
        stop=stop,
        entered_at=entered_at,
    )
    if errors:
        raise MobileRegistrationInvalid(errors)
    if timezone.is_naive(entered_at):
        entered_at = timezone.make_aware(entered_at)
    staff = entered_by if isinstance(entered_by, User) and entered_by.is_authenticated else None
    name, phone = name.strip(), phone.strip()
    try:
        with transaction.atomic():
            profile = known_profile(name, phone, birth_year)
            duplicate = profile is not None
            if profile is None:
                profile = Profile.objects.create(
                    name=name,
                    phone=phone,
                    phone_hash=phone_hash(phone),
                    person_key=person_key(name, birth_year),
                    birth_year=birth_year,
                    # not answering is the same as preferring not to say
                    sex=sex or Profile.Sex.UNSAID,
                    mahalle_id=mahalle_id,
                    skills=skills.strip(),
                    languages=languages.strip(),
                    cv_consent_at=entered_at if cv_consent else None,
                    source=Profile.Source.MOBILE,
                    created_by=staff,
                )
            registration = MobileRegistration.objects.create(
                client_id=client_id,
                profile=profile,
                duplicate=duplicate,
                stop=stop.strip(),
                entered_at=entered_at,
                entered_by=staff,
            )
    except IntegrityError:
        # The same entry arrived at the same moment through another request (the tablet
        # sent it again while the first send was still running): that one counts.
        earlier = MobileRegistration.objects.filter(client_id=client_id).first()
        if earlier is None:
            raise
        return earlier, False
    return registration, True


def received_on(day: dt.date) -> list[MobileRegistration]:
    """The registrations received on a day (site time), latest first."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    return list(
        MobileRegistration.objects.filter(received_at__gte=start, received_at__lt=end)
        .select_related("profile", "profile__mahalle", "entered_by")
        .order_by("-received_at")
    )
