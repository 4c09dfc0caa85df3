"""Places (district, mahalle, village), their population, boundaries and facilities.

Geometry is stored portably so that SQLite and PostgreSQL both work without GDAL: the full
geometry as GeoJSON text, plus a centroid and a bounding box in plain columns that the
database can filter on. Shapely does the geometry work (see :mod:`adilkent.geo`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.text import fold


class GeoMixin(models.Model):
    """A geometry in WGS84 (EPSG:4326) as GeoJSON, with its centroid and bounding box."""

    geometry = models.JSONField(_("geometry (GeoJSON)"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        if self.min_lon is None:
            return None
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)  # type: ignore[return-value]


# django-modeltranslation replaces the manager of translated models with a generated class.
class DataSource(models.Model):  # type: ignore[django-manager-missing]
    """Where a record came from: a real published file, its licence and attribution."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    attribution = models.CharField(_("attribution"), max_length=300, blank=True)
    file_name = models.CharField(_("file"), max_length=300, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self) -> str:
        return self.title


class ImportRun(models.Model):
    """One run of an importer and its report: what was read, created, updated, skipped, why."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.source.key} {self.started_at:%Y-%m-%d %H:%M}"


class District(GeoMixin):
    """An ilçe: one of the districts of the metropolitan municipality."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)
    tuik_code = models.CharField(_("TÜİK code"), max_length=20, blank=True, db_index=True)
    boundary_source_id = models.IntegerField(_("boundary source id"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    growth_per_mille = models.FloatField(
        _("annual population growth (per mille)"), null=True, blank=True
    )

    class Meta:
        ordering = ["name_folded"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# How a boundary polygon was matched to a mahalle (see adilkent.importers.matching).
BOUNDARY_MATCH_LABELS = {
    "exact": _("same name"),
    "spacing": _("same name written with different spacing"),
    "abbreviation": _("same name with an abbreviation written out"),
    "word order": _("same words in a different order"),
    "alias": _("pair confirmed by staff"),
}


class Mahalle(GeoMixin):
    """A mahalle (neighbourhood); rural mahalle that were villages before 2012 are flagged."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="mahalleler")
    name = models.CharField(_("name"), max_length=150)
    source_name = models.CharField(_("name in the population source"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=160)
    # NULL, not "", for a mahalle without a TÜİK code: codes are unique, blanks are not.
    tuik_code = models.CharField(_("TÜİK code"), max_length=20, unique=True, null=True)  # noqa: DJ001
    is_village = models.BooleanField(
        _("village"),
        default=False,
        help_text=_("A rural mahalle that was a village (köy) before 2012."),
    )
    semt = models.CharField(_("sub-district (semt)"), max_length=100, blank=True)
    boundary_name = models.CharField(_("name in the boundary source"), max_length=150, blank=True)
    boundary_source_id = models.IntegerField(_("boundary source id"), null=True, blank=True)
    boundary_match = models.CharField(_("how the boundary was matched"), max_length=40, blank=True)

    class Meta:
        ordering = ["district__name_folded", "name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="mahalle_unique_slug"),
        ]
        verbose_name = _("mahalle")
        verbose_name_plural = _("mahalleler")

    def __str__(self) -> str:
        return f"{self.name} ({self.district.name})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def boundary_match_label(self) -> str:
        return str(BOUNDARY_MATCH_LABELS.get(self.boundary_match, self.boundary_match))


class Boundary(GeoMixin):
    """A boundary polygon exactly as a source gives it, linked to the place it was matched to.

    Every polygon of a source is kept, matched or not, so nothing is lost and the match can be
    reviewed: the ``mahalle`` link is empty where the importer found no confident match.
    """

    class Level(models.TextChoices):
        DISTRICT = "district", _("district")
        MAHALLE = "mahalle", _("mahalle")

    source = models.ForeignKey(DataSource, on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    source_ref = models.IntegerField(_("id in the source"))
    name = models.CharField(_("name in the source"), max_length=150)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="boundaries"
    )
    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.SET_NULL, null=True, blank=True, related_name="boundaries"
    )
    properties = models.JSONField(_("source properties"), default=dict, blank=True)

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "level", "source_ref"], name="boundary_unique_source_id"
            ),
        ]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.name} [{self.level} {self.source_ref}]"


class PopulationGroup(models.TextChoices):
    TOTAL = "total", _("all residents")
    MALE = "male", _("men and boys")
    FEMALE = "female", _("women and girls")


class Population(models.Model):
    """A population count of one place (mahalle or district), one year, one group."""

    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.CASCADE, null=True, blank=True, related_name="population"
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="population"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(
        _("group"), max_length=30, choices=PopulationGroup.choices, default=PopulationGroup.TOTAL
    )
    count = models.PositiveIntegerField(_("count"))
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "group"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mahalle__isnull=False, district__isnull=True)
                | models.Q(mahalle__isnull=True, district__isnull=False),
                name="population_one_place",
            ),
            models.UniqueConstraint(
                fields=["mahalle", "year", "group", "source"],
                condition=models.Q(mahalle__isnull=False),
                name="population_unique_mahalle",
            ),
            models.UniqueConstraint(
                fields=["district", "year", "group", "source"],
                condition=models.Q(district__isnull=False),
                name="population_unique_district",
            ),
        ]
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")

    def __str__(self) -> str:
        place = self.mahalle or self.district
        return f"{place} {self.year} {self.group}: {self.count}"


class FacilityType(models.Model):  # type: ignore[django-manager-missing]
    """A kind of facility (hospital, assembly area, park, bus stop...); the name is translated."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    map_colour = models.CharField(_("map colour"), max_length=7, default="#1f5f8b")

    class Meta:
        ordering = ["code"]
        verbose_name = _("facility type")
        verbose_name_plural = _("facility types")

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """A place where a service is delivered or that residents use."""

    class Accessibility(models.TextChoices):
        STEP_FREE = "step_free", _("step-free entrance")
        ACCESSIBLE_TOILET = "accessible_toilet", _("accessible toilet")
        HEARING_LOOP = "hearing_loop", _("hearing loop")
        TACTILE_PAVING = "tactile_paving", _("tactile paving")
        SIGN_LANGUAGE = "sign_language", _("sign-language service")
        PARKING = "disabled_parking", _("disabled parking")

    facility_type = models.ForeignKey(
        FacilityType, on_delete=models.PROTECT, related_name="facilities"
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    name_folded = models.CharField(max_length=250, db_index=True, editable=False, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilities"
    )
    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilities"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    capacity_unit = models.CharField(_("capacity unit"), max_length=40, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        help_text=_("In OpenStreetMap opening_hours syntax, e.g. Mo-Fr 08:30-17:30."),
    )
    accessibility = models.JSONField(
        _("accessibility features"), default=list, blank=True, help_text=_("A list of codes.")
    )
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT)
    source_ref = models.CharField(_("id in the source"), max_length=80)
    attributes = models.JSONField(_("other source attributes"), default=dict, blank=True)

    class Meta:
        ordering = ["facility_type", "name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="facility_unique_ref"),
        ]
        indexes = [models.Index(fields=["lat", "lon"], name="facility_latlon")]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name or f"{self.facility_type} {self.source_ref}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class TransitMode(models.TextChoices):
    BUS = "bus", _("bus")
    METRO = "metro", _("metro")
    TRAM = "tram", _("tram")
    SUBURBAN = "suburban", _("suburban rail (İZBAN)")
    BICYCLE = "bicycle", _("cycle path")


class TransitLine(GeoMixin):
    """A public-transport line (or a cycle path), with its route geometry where known."""

    mode = models.CharField(_("mode"), max_length=20, choices=TransitMode.choices)
    code = models.CharField(_("line number"), max_length=40)
    name = models.CharField(_("name"), max_length=250, blank=True)
    route_description = models.TextField(_("route"), blank=True)
    origin = models.CharField(_("from"), max_length=150, blank=True)
    destination = models.CharField(_("to"), max_length=150, blank=True)
    hours_outbound = models.CharField(_("hours outbound"), max_length=40, blank=True)
    hours_inbound = models.CharField(_("hours inbound"), max_length=40, blank=True)
    connects_to = models.JSONField(_("connects to"), default=list, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT)

    class Meta:
        ordering = ["mode", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "mode", "code"], name="line_unique_code"),
        ]
        verbose_name = _("transit line")
        verbose_name_plural = _("transit lines")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class TransitStop(models.Model):
    """A bus stop or rail station and the lines that serve it."""

    mode = models.CharField(_("mode"), max_length=20, choices=TransitMode.choices)
    code = models.CharField(_("stop id"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    line_codes = models.JSONField(
        _("lines serving the stop"),
        default=list,
        blank=True,
        help_text=_("As the source lists them."),
    )
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="stops"
    )
    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.SET_NULL, null=True, blank=True, related_name="stops"
    )
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT)

    class Meta:
        ordering = ["mode", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "mode", "code"], name="stop_unique_code"),
        ]
        indexes = [models.Index(fields=["lat", "lon"], name="stop_latlon")]
        verbose_name = _("transit stop")
        verbose_name_plural = _("transit stops")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
