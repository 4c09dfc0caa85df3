"""Translated model content (django-modeltranslation): one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import DataSource, FacilityType


@register(FacilityType)
class FacilityTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(DataSource)
class DataSourceTranslation(TranslationOptions):
    fields = ("title",)
