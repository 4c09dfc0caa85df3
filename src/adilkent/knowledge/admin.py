"""The pages in the admin (the order, group, sources and linked screens; the texts are written
on the staff pages, and editors are named with ``manage.py knowledge_editor``)."""

from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("slug", "group", "order", "used_in")
    list_filter = ("group",)
    ordering = ("order", "slug")
    fields = ("slug", "group", "order", "used_in", "sources")
