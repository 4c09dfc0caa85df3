"""Write the example XLSForm ``voice-in-the-neighbourhood.xlsx`` beside this script.

A needs-and-barriers questionnaire: where the respondent lives, age, sex, the languages they
speak, the services their household needed in the last twelve months and, for each one,
whether they could reach it and, if not, what kept them away (cost, distance, language,
documents, disability, another reason), then the other members of the household (a repeat).
Labels, hints and constraint messages are in the platform's six languages.

Run from the repository root::

    uv run --frozen python src/adilkent/surveys/data/make_example_form.py

or write it elsewhere with ``--out`` (``--help`` shows an example).

:func:`invalid_form_bytes` builds a small form that pyxform rejects, for the tests.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "voice-in-the-neighbourhood.xlsx"

# Column headers name each language as XLSForm does: "Name (code)".
LANGUAGES = {
    "tr": "Türkçe (tr)",
    "en": "English (en)",
    "ar": "العربية (ar)",
    "fa": "فارسی (fa)",
    "ru": "Русский (ru)",
    "uk": "Українська (uk)",
}
CODES = list(LANGUAGES)

Text = tuple[str, str, str, str, str, str]  # tr, en, ar, fa, ru, uk


def _t(tr: str, en: str, ar: str, fa: str, ru: str, uk: str) -> Text:
    return (tr, en, ar, fa, ru, uk)


AGE_MESSAGE = _t(
    "Yaş 0 ile 120 arasında olmalıdır.",
    "Age must be between 0 and 120.",
    "يجب أن يكون العمر بين 0 و120.",
    "سن باید بین 0 تا 120 باشد.",
    "Возраст должен быть от 0 до 120.",
    "Вік має бути від 0 до 120.",
)

SERVICES: dict[str, Text] = {
    "health": _t(
        "Sağlık (aile sağlığı merkezi, hastane)",
        "Health care (family health centre, hospital)",
        "الرعاية الصحية (مركز صحة الأسرة، المستشفى)",
        "خدمات درمانی (مرکز بهداشت خانواده، بیمارستان)",
        "Медицинская помощь (семейная поликлиника, больница)",
        "Медична допомога (сімейна поліклініка, лікарня)",
    ),
    "education": _t(
        "Eğitim (okul, kurs)",
        "Education (school, course)",
        "التعليم (المدرسة، الدورات)",
        "آموزش (مدرسه، دوره)",
        "Образование (школа, курсы)",
        "Освіта (школа, курси)",
    ),
    "social": _t(
        "Sosyal yardım",
        "Social assistance",
        "المساعدة الاجتماعية",
        "کمک‌های اجتماعی",
        "Социальная помощь",
        "Соціальна допомога",
    ),
    "legal": _t(
        "Hukuki destek",
        "Legal aid",
        "المساعدة القانونية",
        "کمک حقوقی",
        "Юридическая помощь",
        "Правова допомога",
    ),
}

CHOICES: dict[str, list[tuple[str, Text]]] = {
    "mahalle": [
        ("alsancak", _t("Alsancak", "Alsancak", "ألسنجق", "آلسانجاک", "Алсанджак", "Алсанджак")),
        (
            "kadifekale",
            _t("Kadifekale", "Kadifekale", "قاديفة قلعة", "کادیفه‌قلعه", "Кадифекале", "Кадіфекале"),
        ),
        ("tepecik", _t("Tepecik", "Tepecik", "تبه جيك", "تپه‌جیک", "Тепеджик", "Тепеджик")),
        (
            "other",
            _t(
                "Başka bir mahalle",
                "Another mahalle",
                "حيّ آخر",
                "محله‌ای دیگر",
                "Другой квартал",
                "Інший квартал",
            ),
        ),
    ],
    "sex": [
        ("female", _t("Kadın", "Woman", "امرأة", "زن", "Женщина", "Жінка")),
        ("male", _t("Erkek", "Man", "رجل", "مرد", "Мужчина", "Чоловік")),
        (
            "no_answer",
            _t(
                "Belirtmek istemiyorum",
                "Prefer not to say",
                "أفضّل عدم الإجابة",
                "ترجیح می‌دهم نگویم",
                "Предпочитаю не отвечать",
                "Не хочу відповідати",
            ),
        ),
    ],
    "languages": [
        ("tr", _t("Türkçe", "Turkish", "التركية", "ترکی", "Турецкий", "Турецька")),
        ("ku", _t("Kürtçe", "Kurdish", "الكردية", "کردی", "Курдский", "Курдська")),
        ("ar", _t("Arapça", "Arabic", "العربية", "عربی", "Арабский", "Арабська")),
        ("fa", _t("Farsça", "Persian", "الفارسية", "فارسی", "Персидский", "Перська")),
        ("ru", _t("Rusça", "Russian", "الروسية", "روسی", "Русский", "Російська")),
        ("uk", _t("Ukraynaca", "Ukrainian", "الأوكرانية", "اوکراینی", "Украинский", "Українська")),
        ("en", _t("İngilizce", "English", "الإنجليزية", "انگلیسی", "Английский", "Англійська")),
        (
            "other",
            _t(
                "Başka bir dil",
                "Another language",
                "لغة أخرى",
                "زبانی دیگر",
                "Другой язык",
                "Інша мова",
            ),
        ),
    ],
    "services": [
        *SERVICES.items(),
        (
            "none",
            _t(
                "Hiçbiri",
                "None of these",
                "لا شيء منها",
                "هیچ‌کدام",
                "Ничего из этого",
                "Нічого з цього",
            ),
        ),
    ],
    "reach": [
        ("yes", _t("Evet", "Yes", "نعم", "بله", "Да", "Так")),
        ("partly", _t("Kısmen", "Partly", "جزئيًا", "تا حدی", "Частично", "Частково")),
        ("no", _t("Hayır", "No", "لا", "نه", "Нет", "Ні")),
    ],
    "barriers": [
        (
            "cost",
            _t(
                "Maliyet (ücret, yol parası)",
                "Cost (fees, fares)",
                "التكلفة (الرسوم، أجرة المواصلات)",
                "هزینه (هزینه خدمت، کرایه)",
                "Стоимость (плата, проезд)",
                "Вартість (плата, проїзд)",
            ),
        ),
        (
            "distance",
            _t(
                "Uzaklık ya da ulaşım",
                "Distance or transport",
                "المسافة أو المواصلات",
                "فاصله یا حمل‌ونقل",
                "Расстояние или транспорт",
                "Відстань або транспорт",
            ),
        ),
        ("language", _t("Dil", "Language", "اللغة", "زبان", "Язык", "Мова")),
        (
            "documents",
            _t(
                "Belgeler (kimlik, kayıt)",
                "Documents (ID, registration)",
                "الوثائق (الهوية، التسجيل)",
                "مدارک (کارت شناسایی، ثبت‌نام)",
                "Документы (удостоверение, регистрация)",
                "Документи (посвідчення, реєстрація)",
            ),
        ),
        (
            "disability",
            _t(
                "Engellilik ya da erişilemeyen bina",
                "Disability or an inaccessible building",
                "الإعاقة أو مبنى غير مهيّأ",
                "معلولیت یا ساختمان غیرقابل‌دسترس",
                "Инвалидность или недоступное здание",
                "Інвалідність або недоступна будівля",
            ),
        ),
        (
            "other",
            _t(
                "Başka bir neden",
                "Another reason",
                "سبب آخر",
                "دلیلی دیگر",
                "Другая причина",
                "Інша причина",
            ),
        ),
    ],
    "yes_no": [
        ("yes", _t("Evet", "Yes", "نعم", "بله", "Да", "Так")),
        ("no", _t("Hayır", "No", "لا", "نه", "Нет", "Ні")),
    ],
}


def _row(
    kind: str,
    name: str,
    label: Text | None = None,
    *,
    hint: Text | None = None,
    required: str = "",
    relevant: str = "",
    constraint: str = "",
    message: Text | None = None,
    calculation: str = "",
    appearance: str = "",
) -> dict[str, str]:
    row = {"type": kind, "name": name, "required": required, "relevant": relevant}
    row |= {"constraint": constraint, "calculation": calculation, "appearance": appearance}
    for i, code in enumerate(CODES):
        row[f"label::{LANGUAGES[code]}"] = label[i] if label else ""
        row[f"hint::{LANGUAGES[code]}"] = hint[i] if hint else ""
        row[f"constraint_message::{LANGUAGES[code]}"] = message[i] if message else ""
    return row


def _service_group(key: str) -> list[dict[str, str]]:
    reach = f"reach_{key}"
    barriers = f"barriers_{key}"
    return [
        _row(
            "begin_group",
            f"svc_{key}",
            SERVICES[key],
            relevant=f"selected(${{services_needed}}, '{key}')",
            appearance="field-list",
        ),
        _row(
            "select_one reach",
            reach,
            _t(
                "İhtiyaç duyduğunuzda bu hizmete ulaşabildiniz mi?",
                "Could you reach this service when you needed it?",
                "هل تمكّنت من الوصول إلى هذه الخدمة عندما احتجت إليها؟",
                "وقتی به این خدمت نیاز داشتید، توانستید به آن دسترسی پیدا کنید؟",
                "Смогли ли вы получить эту услугу, когда она была нужна?",
                "Чи змогли ви отримати цю послугу, коли вона була потрібна?",
            ),
            required="yes",
        ),
        _row(
            "select_multiple barriers",
            barriers,
            _t(
                "Ulaşmanızı ne zorlaştırdı ya da engelledi?",
                "What made it hard or kept you from reaching it?",
                "ما الذي صعّب عليك الوصول إليها أو منعك منه؟",
                "چه چیزی دسترسی به آن را دشوار کرد یا مانع آن شد؟",
                "Что затруднило или не позволило вам её получить?",
                "Що ускладнило або не дало вам її отримати?",
            ),
            hint=_t(
                "Uygun olanların hepsini seçin.",
                "Choose all that apply.",
                "اختر كل ما ينطبق.",
                "همه موارد مربوط را انتخاب کنید.",
                "Выберите всё подходящее.",
                "Виберіть усе, що підходить.",
            ),
            required="yes",
            relevant=f"${{{reach}}} = 'no' or ${{{reach}}} = 'partly'",
        ),
        _row(
            "text",
            f"{barriers}_other",
            _t(
                "Lütfen diğer nedeni yazın.",
                "Please describe the other reason.",
                "يرجى وصف السبب الآخر.",
                "لطفاً دلیل دیگر را بنویسید.",
                "Опишите, пожалуйста, другую причину.",
                "Опишіть, будь ласка, іншу причину.",
            ),
            required="yes",
            relevant=f"selected(${{{barriers}}}, 'other')",
        ),
        _row("end_group", ""),
    ]


def survey_rows() -> list[dict[str, str]]:
    return [
        _row(
            "note",
            "intro",
            _t(
                "Mahallede bir ses var: hangi hizmetlere ihtiyaç duyduğunuzu ve onlara "
                "ulaşmanızı neyin engellediğini bize anlatın. Yanıtlarınız anonimdir.",
                "There is a voice in the neighbourhood: tell us which services you need and "
                "what keeps you from reaching them. Your answers are anonymous.",
                "في الحيّ صوت: أخبرنا بالخدمات التي تحتاجها وما الذي يمنعك من الوصول إليها. "
                "إجاباتك مجهولة الهوية.",
                "در محله صدایی هست: به ما بگویید به چه خدماتی نیاز دارید و چه چیزی مانع "
                "دسترسی شما به آن‌ها می‌شود. پاسخ‌های شما بی‌نام است.",
                "У района есть голос: расскажите, какие услуги вам нужны и что мешает вам их "
                "получить. Ваши ответы анонимны.",
                "У районі є голос: розкажіть, які послуги вам потрібні і що заважає вам їх "
                "отримати. Ваші відповіді анонімні.",
            ),
        ),
        _row(
            "select_one mahalle",
            "mahalle",
            _t(
                "Hangi mahallede yaşıyorsunuz?",
                "Which mahalle do you live in?",
                "في أي حيّ (محلّة) تسكن؟",
                "در کدام محله زندگی می‌کنید؟",
                "В каком квартале (махалле) вы живёте?",
                "У якому кварталі (махалле) ви живете?",
            ),
            required="yes",
            appearance="minimal",
        ),
        _row(
            "text",
            "mahalle_other",
            _t(
                "Hangi mahalle?",
                "Which mahalle?",
                "أي حيّ؟",
                "کدام محله؟",
                "Какой квартал?",
                "Який квартал?",
            ),
            required="yes",
            relevant="selected(${mahalle}, 'other')",
        ),
        _row(
            "integer",
            "age",
            _t(
                "Kaç yaşındasınız?",
                "How old are you?",
                "كم عمرك؟",
                "چند سال دارید؟",
                "Сколько вам лет?",
                "Скільки вам років?",
            ),
            hint=_t(
                "Tamamlanmış yıl olarak.",
                "In completed years.",
                "بالسنوات الكاملة.",
                "به سال‌های کامل.",
                "Полных лет.",
                "Повних років.",
            ),
            required="yes",
            constraint=". >= 0 and . <= 120",
            message=AGE_MESSAGE,
        ),
        _row(
            "select_one sex",
            "sex",
            _t(
                "Cinsiyetiniz nedir?",
                "What is your sex?",
                "ما جنسك؟",
                "جنسیت شما چیست؟",
                "Ваш пол?",
                "Ваша стать?",
            ),
            required="yes",
        ),
        _row(
            "select_multiple languages",
            "languages",
            _t(
                "Hangi dilleri konuşuyorsunuz?",
                "Which languages do you speak?",
                "ما اللغات التي تتحدثها؟",
                "به چه زبان‌هایی صحبت می‌کنید؟",
                "На каких языках вы говорите?",
                "Якими мовами ви розмовляєте?",
            ),
            required="yes",
        ),
        _row(
            "select_multiple services",
            "services_needed",
            _t(
                "Son 12 ayda siz ya da hanenizden biri bu hizmetlerden hangilerine ihtiyaç duydu?",
                "Which of these services did you or your household need in the last 12 months?",
                "أيّ هذه الخدمات احتجتَ إليها أنت أو أحد أفراد أسرتك خلال الأشهر الاثني عشر الماضية؟",
                "در 12 ماه گذشته شما یا خانواده‌تان به کدام‌یک از این خدمات نیاز داشتید؟",
                "Какие из этих услуг были нужны вам или вашей семье за последние 12 месяцев?",
                "Які з цих послуг були потрібні вам або вашій родині за останні 12 місяців?",
            ),
            required="yes",
            constraint="not(selected(., 'none') and count-selected(.) > 1)",
            message=_t(
                "“Hiçbiri” başka bir hizmetle birlikte seçilemez.",
                "“None of these” cannot be chosen with another service.",
                "لا يمكن اختيار «لا شيء منها» مع خدمة أخرى.",
                "«هیچ‌کدام» را نمی‌توان همراه با خدمت دیگری انتخاب کرد.",
                "«Ничего из этого» нельзя выбрать вместе с другой услугой.",
                "«Нічого з цього» не можна вибрати разом з іншою послугою.",
            ),
        ),
        *[row for key in SERVICES for row in _service_group(key)],
        _row(
            "begin_repeat",
            "member",
            _t(
                "Hanenizdeki diğer kişiler",
                "Other members of your household",
                "أفراد أسرتك الآخرون",
                "سایر اعضای خانوار شما",
                "Другие члены вашей семьи",
                "Інші члени вашого домогосподарства",
            ),
        ),
        _row(
            "integer",
            "member_age",
            _t(
                "Bu kişi kaç yaşında?",
                "How old is this person?",
                "كم عمر هذا الشخص؟",
                "این فرد چند سال دارد؟",
                "Сколько лет этому человеку?",
                "Скільки років цій людині?",
            ),
            required="yes",
            constraint=". >= 0 and . <= 120",
            message=AGE_MESSAGE,
        ),
        _row(
            "select_one sex",
            "member_sex",
            _t(
                "Bu kişinin cinsiyeti",
                "Sex of this person",
                "جنس هذا الشخص",
                "جنسیت این فرد",
                "Пол этого человека",
                "Стать цієї людини",
            ),
        ),
        _row(
            "select_one yes_no",
            "member_disability",
            _t(
                "Bu kişinin bir engeli var mı?",
                "Does this person have a disability?",
                "هل لدى هذا الشخص إعاقة؟",
                "آیا این فرد معلولیت دارد؟",
                "Есть ли у этого человека инвалидность?",
                "Чи має ця людина інвалідність?",
            ),
        ),
        _row("end_repeat", ""),
        _row("calculate", "household_size", calculation="count(${member}) + 1"),
        _row("calculate", "older_person", calculation="if(${age} >= 65, 'yes', 'no')"),
        _row(
            "text",
            "comments",
            _t(
                "Belediyenin duymasını istediğiniz başka bir şey var mı?",
                "Is there anything else you want the municipality to hear?",
                "هل هناك شيء آخر تريد أن تسمعه البلدية؟",
                "چیز دیگری هست که بخواهید شهرداری بشنود؟",
                "Хотите ли вы ещё что-то сказать муниципалитету?",
                "Чи хочете ви ще щось сказати муніципалітету?",
            ),
            constraint="string-length(.) <= 500",
            message=_t(
                "Lütfen 500 karakteri geçmeyin.",
                "Please keep it under 500 characters.",
                "يرجى ألا يتجاوز النص 500 حرف.",
                "لطفاً از 500 نویسه بیشتر ننویسید.",
                "Пожалуйста, не более 500 символов.",
                "Будь ласка, не більше 500 символів.",
            ),
            appearance="multiline",
        ),
    ]


def _sheet(book: Workbook, title: str, rows: list[dict[str, str]]) -> None:
    sheet = book.create_sheet(title)
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    # a column that no row fills is left out (as a form author would)
    header = [key for key in header if any(row.get(key) for row in rows)]
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(key) or None for key in header])


def example_workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "survey", survey_rows())
    choices = [
        {"list_name": list_name, "name": name}
        | {f"label::{LANGUAGES[code]}": label[i] for i, code in enumerate(CODES)}
        for list_name, items in CHOICES.items()
        for name, label in items
    ]
    _sheet(book, "choices", choices)
    settings = {
        "form_title": "Mahallede Bir Ses Var",
        "form_id": "voice_in_the_neighbourhood",
        "version": "2026.1",
        "default_language": LANGUAGES["tr"],
    }
    _sheet(book, "settings", [settings])
    return book


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def example_form_bytes() -> bytes:
    return _bytes(example_workbook())


def invalid_form_bytes() -> bytes:
    """A form pyxform rejects: row 4 refers to a question ``agee`` that does not exist."""
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "survey",
        [
            {"type": "text", "name": "mahalle_name", "label": "Mahalle"},
            {"type": "integer", "name": "age", "label": "Age"},
            {
                "type": "integer",
                "name": "children",
                "label": "Number of children",
                "relevant": "${agee} >= 18",
            },
        ],
    )
    return _bytes(book)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m adilkent.surveys.data.make_example_form",
        description="Write the example XLSForm (six languages) for the surveys app.",
        epilog="Examples:\n  python -m adilkent.surveys.data.make_example_form --out voice.xlsx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=EXAMPLE,
        help=f"the .xlsx file to write (default: {EXAMPLE.name} beside this script)",
    )
    args = parser.parse_args(argv)
    args.out.write_bytes(example_form_bytes())
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
