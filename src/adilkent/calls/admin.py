"""Staff define calls here: the call's texts in each language, its dates, criteria with
weights, the questions of its application form (data, not code), and for volunteer calls the
trainings, roles and shifts. Applications, reviews and payments are not in the admin: they need
the staff pages' need-to-know rules and audit."""

from __future__ import annotations

from django.contrib import admin

from .models import Call, Criterion, Question, Role, Shift, ShiftNeed, Training


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "key", "name", "weight", "max_score"]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "key", "kind", "label", "help", "required", "choices", "max_length"]


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0
    fields = ["key", "name", "hours"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["key", "name", "requires_training"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "programme", "opens_on", "closes_on", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["slug"]
    inlines = [CriterionInline, QuestionInline, TrainingInline, RoleInline]


class ShiftNeedInline(admin.TabularInline):
    model = ShiftNeed
    extra = 0


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["activity", "call", "starts_at", "ends_at", "district"]
    list_filter = ["call"]
    inlines = [ShiftNeedInline]
