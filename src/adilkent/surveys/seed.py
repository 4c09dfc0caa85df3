"""The example survey: "There is a Voice in the Neighbourhood" with the example XLSForm
shipped in ``data/``, open, so the demo shows a survey in the six languages."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from adilkent.programmes.models import Programme

from . import services
from .data.make_example_form import EXAMPLE
from .models import Survey

SLUG = "voice-in-the-neighbourhood"
TITLE = {
    "tr": "Mahallede Bir Ses Var",
    "en": "There is a Voice in the Neighbourhood",
    "ar": "في الحيّ صوت",
    "fa": "در محله صدایی هست",
    "ru": "У района есть голос",
    "uk": "У районі є голос",
}
PURPOSE = {
    "tr": "Hangi hizmetlere ihtiyaç duyduğunuzu ve maliyet, uzaklık, dil, belgeler ya da "
    "engellilik gibi nedenlerle hangilerine ulaşamadığınızı öğrenmek için.",
    "en": "To learn which services you need, and which you cannot reach because of cost, "
    "distance, language, documents or disability.",
    "ar": "لمعرفة الخدمات التي تحتاجها، والخدمات التي لا تستطيع الوصول إليها بسبب التكلفة أو "
    "المسافة أو اللغة أو الوثائق أو الإعاقة.",
    "fa": "برای اینکه بدانیم به چه خدماتی نیاز دارید و به کدام‌ها به دلیل هزینه، فاصله، زبان، "
    "مدارک یا معلولیت دسترسی ندارید.",
    "ru": "Чтобы узнать, какие услуги вам нужны и какие вы не можете получить из-за стоимости, "
    "расстояния, языка, документов или инвалидности.",
    "uk": "Щоб дізнатися, які послуги вам потрібні і які ви не можете отримати через вартість, "
    "відстань, мову, документи чи інвалідність.",
}


def load_example(*, by: Any) -> Survey:
    """The example survey with its form, open; run again, it changes nothing."""
    with transaction.atomic():
        survey = Survey.objects.filter(slug=SLUG).first()
        if survey is None:
            survey = services.survey_create(
                slug=SLUG,
                title=TITLE,
                purpose=PURPOSE,
                target_groups=["refugees and migrants", "women", "people with disabilities"],
                programme=Programme.objects.filter(slug=SLUG).first(),
                by=by,
            )
        if not survey.versions.exists():
            services.form_version_import(
                survey=survey, xlsx_bytes=EXAMPLE.read_bytes(), filename=EXAMPLE.name, by=by
            )
        if survey.status == Survey.Status.DRAFT:
            services.survey_status_set(survey=survey, status=Survey.Status.OPEN)
    return survey
