"""Translated service content (django-modeltranslation): one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import TRANSLATED_FIELDS, Service, ServiceAttribute


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS


@register(ServiceAttribute)
class ServiceAttributeTranslation(TranslationOptions):
    fields = ("description", "datatype_description")
