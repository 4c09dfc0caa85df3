"""Staff pages for the translations of the service guide: which texts each service still lacks
in each language, and (for those who may change services) one service's texts in one language
beside the Turkish and English texts.

Like the knowledge pages, every page goes through the cases area's checks (second factor, idle
timeout, one audit row per request, refusals too). Any active member of staff reads the list;
only users with the ``guide.change_service`` permission edit (anyone else gets a 403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adilkent.knowledge import permissions
from adilkent.knowledge.selectors import language_codes, language_dir, language_name
from adilkent.knowledge.views import staff_view

from . import selectors, services
from .forms import ServiceTranslationForm
from .selectors import LanguageGaps

EDIT_PERMISSION = "guide.change_service"


def _gate(request: HttpRequest) -> None:
    if not permissions.reads(request.user):
        raise Http404


def _summary(row: LanguageGaps) -> str:
    """ "Arabic: 12 texts missing in 5 services"."""
    if not row.texts:
        return _("%(language)s: nothing missing") % {"language": row.name}
    texts = ngettext("%(count)s text missing", "%(count)s texts missing", row.texts) % {
        "count": row.texts
    }
    where = ngettext("in %(count)s service", "in %(count)s services", row.services) % {
        "count": row.services
    }
    return _("%(language)s: %(texts)s %(services)s") % {
        "language": row.name,
        "texts": texts,
        "services": where,
    }


@staff_view("service translations")
def translation_list(request: HttpRequest) -> HttpResponse:
    _gate(request)
    language = request.GET.get("language", "")
    if language not in language_codes():
        language = ""
    gaps = selectors.translation_gaps(language=language or None)
    return render(
        request,
        "guide/staff/translations.html",
        {
            "gaps": gaps,
            "summaries": [(row, _summary(row)) for row in gaps.languages],
            "language": language,
            "languages": [(c, language_name(c)) for c in language_codes()],
            "edits": request.user.has_perm(EDIT_PERMISSION),
        },
    )


@staff_view("service translation", id_kwarg="code")
def translation_edit(request: HttpRequest, code: str, language: str) -> HttpResponse:
    _gate(request)
    if language not in language_codes():
        raise Http404
    service = selectors.service_by_code(code)
    if service is None:
        raise Http404
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied("may not change services")
    groups = selectors.service_translation_groups(service=service)
    items = [item for group in groups for item in group.items]
    name, name_lang = selectors.service_name_shown(service=service)
    direction = language_dir(language)
    form = ServiceTranslationForm(
        request.POST or None, items=items, language=language, direction=direction
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fields, questions, options = form.texts()
            services.service_translation_update(
                service=service,
                language=language,
                texts=fields,
                attribute_texts=questions,
                option_names=options,
            )
            messages.success(
                request,
                _("The %(language)s texts of “%(service)s” are saved.")
                % {"language": language_name(language), "service": name},
            )
            return redirect(f"{reverse('guide:translations')}?language={language}")
    sources = [(c, language_name(c)) for c in selectors.TRANSLATION_SOURCES if c != language]
    return render(
        request,
        "guide/staff/translation_edit.html",
        {
            "service": service,
            "name": name,
            "name_lang": name_lang,
            "name_dir": language_dir(name_lang),
            "form": form,
            "language": language,
            "language_name": language_name(language),
            "direction": direction,
            "missing": sum(1 for item in items if item.missing_in(language)),
            "groups": [
                (
                    group,
                    [
                        (
                            item,
                            form[item.key],
                            item.missing_in(language),
                            [(c, n, item.texts.get(c, "")) for c, n in sources],
                        )
                        for item in group.items
                    ],
                )
                for group in groups
            ],
        },
        status=status,
    )
