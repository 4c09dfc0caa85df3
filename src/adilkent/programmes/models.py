"""The programme registry: what the municipality runs, with whom, for whom, where, at what cost,
what it achieved (KPIs), which checklist criteria it answers, and where each fact comes from.

Every fact taken from a document is kept with the document's name and the sentence quoted
exactly (:class:`Fact`); text is kept as the source states it, parsed parts beside it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from adilkent.places.models import District, Mahalle
from adilkent.text import fold


class PartnerKind(models.TextChoices):
    UN_AGENCY = "un", _("UN agency")
    EU_BODY = "eu", _("EU body")
    INTERNATIONAL = "intl", _("international organisation")
    FOUNDATION = "foundation", _("foundation")
    NGO = "ngo", _("NGO")
    UNIVERSITY = "university", _("university")
    PROFESSIONAL = "professional", _("professional body")
    DISTRICT = "district", _("district municipality")
    MUNICIPAL_UNIT = "unit", _("municipal unit or company")
    PUBLIC = "public", _("public institution")
    COOPERATIVE = "cooperative", _("cooperative")
    OTHER = "other", _("other")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("lead")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")
    SUPPORTER = "supporter", _("supporter")


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    RECURRING = "recurring", _("recurring")
    COMPLETED = "completed", _("completed")
    UNKNOWN = "unknown", _("not stated")


class Kind(models.TextChoices):
    PROGRAMME = "programme", _("programme")
    PROJECT = "project", _("project")
    SERVICE = "service", _("service")
    CENTRE_NETWORK = "centres", _("centre network")
    TRAINING = "training", _("training")
    PUBLICATION = "publication", _("publication")
    BODY = "body", _("participatory body")
    PLAN = "plan", _("plan or policy document")


class DatePrecision(models.TextChoices):
    DATE = "date", _("date")
    ONGOING = "ongoing", _("ongoing")
    YEAR_ROUND = "year-round", _("year-round")
    UNKNOWN = "unknown", _("not stated")


class TargetGroup(models.Model):  # type: ignore[django-manager-missing]
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):  # type: ignore[django-manager-missing]
    """An organisation a programme works with."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):  # type: ignore[django-manager-missing]
    """A programme, project, service, centre network, training, publication or body."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    # As the source states them, in the source's language (see source_language).
    objective = models.TextField(_("objective"), blank=True)
    description = models.TextField(_("brief information"), blank=True)
    completed = models.TextField(_("completed"), blank=True)
    duration_text = models.CharField(_("duration"), max_length=400, blank=True)
    budget_text = models.TextField(_("budget as stated"), blank=True)
    components = models.JSONField(
        _("parts named in the source"),
        default=list,
        blank=True,
        help_text=_("Working groups, boards or sub-activities, as the source lists them."),
    )
    source_language = models.CharField(_("language of the source text"), max_length=8, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )
    start_text = models.CharField(_("start date as stated"), max_length=100, blank=True)
    start_kind = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(_("start month"), null=True, blank=True)
    start_day = models.PositiveSmallIntegerField(_("start day"), null=True, blank=True)
    end_text = models.CharField(_("end date as stated"), max_length=100, blank=True)
    end_kind = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("end month"), null=True, blank=True)
    end_day = models.PositiveSmallIntegerField(_("end day"), null=True, blank=True)
    date_note = models.TextField(_("note on the dates"), blank=True)
    seed_names = models.JSONField(
        _("names in the sources"),
        default=dict,
        blank=True,
        help_text=_("The name as each source document writes it: {file: name}."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="programmes", verbose_name=_("target groups")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="programmes", verbose_name=_("districts served")
    )
    mahalleler = models.ManyToManyField(
        Mahalle, blank=True, related_name="programmes", verbose_name=_("neighbourhoods served")
    )
    citywide = models.BooleanField(_("whole city"), default=False)
    places_note = models.TextField(_("note on the places"), blank=True)
    partners = models.ManyToManyField(
        Partner, through="ProgrammePartner", blank=True, related_name="programmes"
    )
    history = HistoricalRecords(excluded_fields=["name_folded"])

    class Meta:
        ordering = ["name_folded"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(getattr(self, "name_tr", None) or self.name or "")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])

    def clean(self) -> None:
        for part in ("start", "end"):
            month, day = getattr(self, f"{part}_month"), getattr(self, f"{part}_day")
            if month is not None and not 1 <= month <= 12:
                raise ValidationError({f"{part}_month": _("A month is a number from 1 to 12.")})
            if day is not None and not 1 <= day <= 31:
                raise ValidationError({f"{part}_day": _("A day is a number from 1 to 31.")})
            if day is not None and month is None:
                raise ValidationError({f"{part}_day": _("A day needs its month.")})
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year is before the start year.")})
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A programme cannot be part of itself.")})

    @property
    def start_iso(self) -> str:
        return _iso(self.start_year, self.start_month, self.start_day)

    @property
    def end_iso(self) -> str:
        return _iso(self.end_year, self.end_month, self.end_day)


def _iso(year: int | None, month: int | None, day: int | None) -> str:
    if not year:
        return ""
    out = f"{year:04d}"
    if month:
        out += f"-{month:02d}"
        if day:
            out += f"-{day:02d}"
    return out


class ProgrammePartner(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "partner", "role"], name="programme_partner_role_unique"
            )
        ]
        verbose_name = _("programme partner")
        verbose_name_plural = _("programme partners")

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"


class Fact(models.Model):
    """One fact about a programme and the exact sentence of the document that states it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="facts")
    field = models.CharField(_("about"), max_length=40)
    seed = models.CharField(_("source document"), max_length=100)
    quote = models.TextField(_("quoted text"))
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("sourced fact")
        verbose_name_plural = _("sourced facts")

    def __str__(self) -> str:
        return f"{self.programme}: {self.field} ({self.seed})"


class BudgetLine(models.Model):
    """An amount of money a source states for a programme, with the sentence as written."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    original_text = models.CharField(_("as stated"), max_length=400)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="TRY")
    qualifier = models.CharField(_("qualifier"), max_length=20, default="exact")
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    period_text = models.CharField(_("period as stated"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year_from", "pk"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return self.original_text

    def clean(self) -> None:
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("A budget cannot be negative.")})
        if self.year_from and self.year_to and self.year_to < self.year_from:
            raise ValidationError({"year_to": _("The period ends before it starts.")})


class KpiDefinition(models.Model):  # type: ignore[django-manager-missing]
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    method = models.TextField(
        _("what is counted"),
        blank=True,
        help_text=_("For an indicator measured from the platform's own records."),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class KpiOrigin(models.TextChoices):
    SEED = "seed", _("quoted from a source document")
    RECORDS = "records", _("measured from adilkent's records")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("calendar month")
    YEAR_TO_DATE = "ytd", _("year to date")


class KpiValue(models.Model):
    """A value of an indicator for a programme.

    Either quoted from a source document (``origin`` seed: dated as precisely as the source
    dates it, ``seed`` names the document) or measured from the platform's own records
    (``origin`` records: a calendar month or the year to that month's end, optionally one cell
    of a breakdown such as a language or a partner). A measured count below the minimum cell
    size is stored as withheld, without its value.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="kpi_values")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.PROTECT, related_name="values")
    origin = models.CharField(
        _("origin"), max_length=10, choices=KpiOrigin.choices, default=KpiOrigin.SEED
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    withheld = models.BooleanField(
        _("withheld (below the minimum cell size)"), default=False, editable=False
    )
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind.choices, blank=True
    )
    period_start = models.DateField(_("first day"), null=True, blank=True)
    period_end = models.DateField(_("last day"), null=True, blank=True)
    breakdown = models.CharField(
        _("breakdown cell"),
        max_length=160,
        blank=True,
        help_text=_("Empty for the total; otherwise the cell, e.g. language:ar."),
    )
    measured_at = models.DateTimeField(_("measured at"), null=True, blank=True)
    qualifier = models.CharField(_("qualifier"), max_length=20, default="exact")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period_text = models.CharField(_("period as stated"), max_length=100, blank=True)
    is_target = models.BooleanField(_("target, not achieved"), default=False)
    original_text = models.CharField(_("as stated"), max_length=300, blank=True)
    seed = models.CharField(_("source document"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kpi", "year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kpi", "period_kind", "period_end", "breakdown"],
                condition=models.Q(origin="records"),
                name="kpi_measured_value_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(withheld=True),
                name="kpi_value_present_unless_withheld",
            ),
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class Framework(models.Model):
    """A checklist (such as Cittaslow Metropolis Good Governance), held as data."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    seed = models.CharField(_("source document"), max_length=100, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return self.title


class Principle(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="principles")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=400)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="principle_code_unique")
        ]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Criterion(models.Model):
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("title"), max_length=400)
    order = models.PositiveSmallIntegerField(default=0)
    programmes = models.ManyToManyField(
        Programme, through="CriterionProgramme", related_name="criteria", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["principle", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.title


class CriterionProgramme(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criterion", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "programme"], name="criterion_programme_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.programme}"


class ActionPlan(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    programme = models.OneToOneField(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_plan"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=400)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    deadline_text = models.CharField(_("deadline"), max_length=100, blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    seed = models.CharField(_("source document"), max_length=100, blank=True)
    quote = models.TextField(_("quoted text"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date_text = models.CharField(_("date"), max_length=100)
    text = models.TextField(_("progress"))
    seed = models.CharField(_("source document"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.action}: {self.date_text}"


class ReportJob(models.Model):
    """A report generated in the background; the file is kept once it is complete."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    report = models.CharField(_("report"), max_length=40)
    fmt = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=8)
    argument = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    content = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.report}.{self.fmt} ({self.state})"
