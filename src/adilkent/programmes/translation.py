"""Translated model content (django-modeltranslation): one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import KpiDefinition, Partner, Programme, TargetGroup


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ("name",)


@register(KpiDefinition)
class KpiDefinitionTranslation(TranslationOptions):
    fields = ("name", "unit", "method")


# The change history keeps every language of the translated fields too.
@register(Programme.history.model)
class HistoricalProgrammeTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Partner.history.model)
class HistoricalPartnerTranslation(TranslationOptions):
    fields = ("name",)
