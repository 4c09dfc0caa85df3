"""Reads of the service guide: listing, Turkish-aware search in any language, one service."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from adilkent.text import fold

from .models import Service


def service_list(*, query: str = "", group: str = "") -> QuerySet[Service]:
    """Services matching every word of ``query`` (folded) in any of their languages."""
    services = Service.objects.all()
    if group:
        services = services.filter(group=group)
    for word in fold(query).split():
        services = services.filter(search_text__contains=word)
    return services.order_by("order", "code")


def service_by_code(code: str) -> Service | None:
    return Service.objects.prefetch_related("attributes", "facilities").filter(code=code).first()


@dataclass(frozen=True)
class ScheduleLink:
    url: str
    label: str


def schedule_links(code: str) -> list[ScheduleLink]:
    """Where a resident sees when and where the service comes, or books it: the Legal Aid
    Vehicle's booking page, the planner's page of each mobile service."""
    from adilkent.planner.answers import GUIDE_CODES

    links = []
    if code == "legal-aid":
        links.append(ScheduleLink(reverse("legalaid:schedule"), _("Book an appointment")))
    for service, guide_code in GUIDE_CODES.items():
        if guide_code == code:
            links.append(
                ScheduleLink(
                    reverse("planner:service", args=[service]),
                    _("When does it come to my neighbourhood?"),
                )
            )
    if code == "mobile-library":
        links.append(
            ScheduleLink(reverse("planner:service", args=["stage"]), _("Mobile stages: the dates"))
        )
    return links


def services_accepting_requests() -> QuerySet[Service]:
    return Service.objects.filter(accepts_requests=True).prefetch_related("attributes")


# The directorate's seeded services' longer texts (description, who can use it, how to apply,
# documents) are trained on in Turkish and English only: the classifier's figures
# (docs/classifier.md) were measured so, and adding their Arabic, Persian, Russian and
# Ukrainian translations (guide/data/translations) moved an out-of-scope Arabic complaint about
# a bus above the abstention threshold. To be re-measured before they are added.
LONG_TEXTS_TRAINED_IN = ("tr", "en")


def service_training_texts() -> list[tuple[str, str]]:
    """(text, service code) pairs from every language of every service, for the classifier."""
    from .models import TRANSLATED_FIELDS

    pairs: list[tuple[str, str]] = []
    for service in Service.objects.all():
        for field in TRANSLATED_FIELDS:
            if field in {"hours", "responsible_unit", "fees"}:
                continue
            texts = service.texts(field)
            if service.group != "city" and field not in {"name", "summary", "keywords"}:
                texts = {k: v for k, v in texts.items() if k in LONG_TEXTS_TRAINED_IN}
            for text in texts.values():
                if field == "keywords":
                    pairs.append((text, service.code))
                    continue
                for sentence in _sentences(text):
                    pairs.append((sentence, service.code))
    return pairs


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in text.replace("؛", ".").replace(";", ".").split(". "):
        piece = piece.strip()
        if len(piece) > 12:
            out.append(piece)
    return out


# Translations of the services, for the staff screens (``staff_views``): which texts are
# written in Turkish or English but not yet in a language, service by service.

TRANSLATION_SOURCES = ("tr", "en")


@dataclass(frozen=True)
class TranslationText:
    """One translatable text of a service: one of its fields, a question's wording or help, or
    the name of one answer option. ``texts`` holds its non-empty text by language code;
    ``key`` names it in the edit form."""

    key: str
    label: str
    texts: dict[str, str]
    long: bool = False
    max_length: int | None = None

    def missing_in(self, language: str) -> bool:
        """Written in Turkish or English, not in ``language``."""
        if self.texts.get(language):
            return False
        return any(self.texts.get(code) for code in TRANSLATION_SOURCES)


@dataclass(frozen=True)
class TranslationGroup:
    """The service's own fields (``number`` 0), or the texts of its question ``number``, whose
    wording as the reader sees it is ``title`` (in ``title_lang``)."""

    number: int
    title: str
    title_lang: str
    items: list[TranslationText]

    @property
    def title_dir(self) -> str:
        from adilkent.knowledge.selectors import language_dir

        return language_dir(self.title_lang)


def _translation_languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def _shown_language(texts: dict[str, str]) -> str:
    """The language a reader of the active language sees ``texts`` in (fallbacks included)."""
    from adilkent.core.l10n import fallback_order

    order = fallback_order()
    return next((code for code in order if texts.get(code)), order[0])


def _column_texts(instance: object, field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in _translation_languages():
        value = str(getattr(instance, f"{field}_{code}", "") or "").strip()
        if value:
            out[code] = value
    return out


def service_name_shown(*, service: Service) -> tuple[str, str]:
    """The service's name as a reader of the active language sees it, and that name's language."""
    names = _column_texts(service, "name")
    shown = _shown_language(names)
    return names.get(shown, service.code), shown


def service_translation_groups(*, service: Service) -> list[TranslationGroup]:
    """Every text of ``service`` that is written in at least one language, grouped: first the
    service's own fields, then each question with its help and answer options."""
    from django.db.models import CharField
    from django.utils.text import capfirst

    from .models import TRANSLATED_FIELDS, ServiceAttribute

    own = []
    for field in TRANSLATED_FIELDS:
        texts = _column_texts(service, field)
        if not texts:
            continue
        model_field = Service._meta.get_field(field)
        own.append(
            TranslationText(
                key=f"field-{field}",
                label=capfirst(str(getattr(model_field, "verbose_name", field))),
                texts=texts,
                long=not isinstance(model_field, CharField),
                max_length=getattr(model_field, "max_length", None),
            )
        )
    groups = [TranslationGroup(number=0, title="", title_lang="", items=own)]
    attributes = sorted(service.attributes.all(), key=lambda a: (a.order, a.code))
    for number, attribute in enumerate(attributes, start=1):
        items = []
        for field, label in (
            ("description", _("Question")),
            ("datatype_description", _("Help with the question")),
        ):
            texts = _column_texts(attribute, field)
            if texts:
                items.append(
                    TranslationText(
                        key=f"attribute-{attribute.pk}-{field}",
                        label=label,
                        texts=texts,
                        max_length=getattr(
                            ServiceAttribute._meta.get_field(field), "max_length", None
                        ),
                    )
                )
        values = attribute.values if isinstance(attribute.values, list) else []
        for index, value in enumerate(values):
            names = value.get("names") if isinstance(value, dict) else None
            if not isinstance(names, dict):
                continue
            texts = {str(c): str(t).strip() for c, t in names.items() if str(t or "").strip()}
            if texts:
                items.append(
                    TranslationText(
                        key=f"attribute-{attribute.pk}-option-{index}",
                        label=_("Answer %(number)s") % {"number": index + 1},
                        texts=texts,
                        max_length=200,
                    )
                )
        if items:
            question = _column_texts(attribute, "description")
            shown = _shown_language(question)
            groups.append(
                TranslationGroup(
                    number=number,
                    title=question.get(shown, attribute.code),
                    title_lang=shown if question else "",
                    items=items,
                )
            )
    return [group for group in groups if group.items]


@dataclass(frozen=True)
class GapCell:
    language: str
    language_name: str
    missing: int


@dataclass(frozen=True)
class ServiceGaps:
    """One service's missing texts in each language asked for; ``name`` is in ``name_lang``."""

    service: Service
    name: str
    name_lang: str
    name_dir: str
    cells: list[GapCell]


@dataclass(frozen=True)
class LanguageGaps:
    language: str
    name: str
    texts: int
    services: int


@dataclass(frozen=True)
class TranslationGaps:
    languages: list[LanguageGaps]
    services: list[ServiceGaps]


def translation_gaps(*, language: str | None = None) -> TranslationGaps:
    """For each service and language (only ``language`` when given), how many texts are written
    in Turkish or English but not in that language; and the totals per language."""
    from adilkent.knowledge.selectors import language_dir, language_name

    codes = _translation_languages()
    if language is not None:
        if language not in codes:
            raise ValueError(f"unknown language {language!r}")
        codes = [language]
    rows = []
    texts_missing = dict.fromkeys(codes, 0)
    services_missing = dict.fromkeys(codes, 0)
    for service in Service.objects.prefetch_related("attributes").order_by("order", "code"):
        items = [i for g in service_translation_groups(service=service) for i in g.items]
        cells = []
        for code in codes:
            missing = sum(1 for item in items if item.missing_in(code))
            cells.append(GapCell(code, language_name(code), missing))
            texts_missing[code] += missing
            services_missing[code] += 1 if missing else 0
        name, shown = service_name_shown(service=service)
        rows.append(ServiceGaps(service, name, shown, language_dir(shown), cells))
    return TranslationGaps(
        languages=[
            LanguageGaps(code, language_name(code), texts_missing[code], services_missing[code])
            for code in codes
        ],
        services=rows,
    )
