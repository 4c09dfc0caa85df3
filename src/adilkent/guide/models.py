"""The service guide: what a resident can get, who may get it, and how to apply.

Translated text fields get one column per language (django-modeltranslation, see
``translation.py``). Every service names the document it was written from (``source_file``).
A service is also an Open311 GeoReport v2 service: ``code`` is its ``service_code`` and its
attributes are the service definition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from adilkent.places.models import Facility
from adilkent.text import fold

TRANSLATED_FIELDS = (
    "name",
    "summary",
    "description",
    "eligibility",
    "documents",
    "how_to_apply",
    "fees",
    "hours",
    "responsible_unit",
    "keywords",
)


class ServiceGroup(models.TextChoices):
    LEGAL = "legal", _("Legal help")
    CARE = "care", _("Care and health")
    CHILDREN = "children", _("Children and families")
    EDUCATION = "education", _("Courses and jobs")
    FOOD = "food", _("Food and basic needs")
    CULTURE = "culture", _("Culture and libraries")
    WOMEN = "women", _("Women")
    REFUGEES = "refugees", _("Refugees and migrants")
    CONTACT = "contact", _("Information and complaints")
    CITY = "city", _("City services: water, transport, parks and more")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    ONLINE = "online", _("online")
    MOBILE = "mobile", _("at a mobile service point")
    HOME = "home", _("at home")


class Service(models.Model):  # type: ignore[django-manager-missing]
    code = models.SlugField(_("service code"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=ServiceGroup.choices)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("in short"), blank=True)
    description = models.TextField(_("description"), blank=True)
    eligibility = models.TextField(_("who can use it"), blank=True)
    documents = models.TextField(_("documents needed"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    fees = models.TextField(_("fees and discounts"), blank=True)
    hours = models.CharField(_("hours"), max_length=300, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    keywords = models.TextField(
        _("search words"), blank=True, help_text=_("Other words residents use for this service.")
    )
    channels = models.JSONField(_("ways to apply"), default=list, blank=True)
    facilities = models.ManyToManyField(
        Facility, blank=True, related_name="services", verbose_name=_("where")
    )
    accepts_requests = models.BooleanField(_("accepts requests"), default=True)
    sla_days = models.PositiveSmallIntegerField(
        _("days to answer"), default=10, help_text=_("Target time to resolve a request.")
    )
    source_file = models.CharField(_("source document"), max_length=200)
    source_note = models.CharField(_("what the source says"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_search_text()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def texts(self, field: str) -> dict[str, str]:
        """The non-empty translations of ``field``, by language code."""
        out: dict[str, str] = {}
        for code, _name in settings.LANGUAGES:
            value = getattr(self, f"{field}_{code}", "") or ""
            if value:
                out[code] = value
        return out

    def has_own_translation(self, field: str = "name") -> bool:
        """Whether the active language has its own text (not a fallback)."""
        return bool(getattr(self, f"{field}_{get_language()}", ""))

    def refresh_search_text(self) -> None:
        parts = [self.code]
        for field in TRANSLATED_FIELDS:
            parts.extend(self.texts(field).values())
        self.search_text = fold(" \n".join(parts))

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


class AttributeType(models.TextChoices):
    """The Open311 GeoReport v2 attribute datatypes."""

    STRING = "string", _("short text")
    NUMBER = "number", _("number")
    DATETIME = "datetime", _("date and time")
    TEXT = "text", _("long text")
    SINGLE = "singlevaluelist", _("one choice")
    MULTI = "multivaluelist", _("several choices")


class ServiceAttribute(models.Model):  # type: ignore[django-manager-missing]
    """One question a request for this service asks (an Open311 service-definition attribute)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("code"), max_length=60)
    datatype = models.CharField(_("type"), max_length=20, choices=AttributeType.choices)
    required = models.BooleanField(_("required"), default=False)
    variable = models.BooleanField(_("asks the resident"), default=True)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(_("help"), max_length=300, blank=True)
    # [{"key": "x", "names": {"tr": "…", "en": "…"}}] for the list types.
    values = models.JSONField(_("choices"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["service", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="attribute_unique_code")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.service.code}:{self.code}"

    def value_name(self, key: str, language: str | None = None) -> str:
        language = language or get_language() or "tr"
        for value in self.values:
            if value.get("key") == key:
                names = value.get("names", {})
                return str(names.get(language) or names.get("tr") or names.get("en") or key)
        return key

    def choices(self, language: str | None = None) -> list[tuple[str, str]]:
        return [(v["key"], self.value_name(v["key"], language)) for v in self.values]

    def value_keys(self) -> set[str]:
        return {str(v["key"]) for v in self.values}
