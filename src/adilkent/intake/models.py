"""Requests, applications and complaints from residents, whatever the channel.

A request is stored exactly as written, with its detected language, before the resident gets
a tracking code. Its status moves through a state machine (django-fsm-2): only the
transitions below are possible, and every change is in the request's history.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from adilkent.cases.fields import EncryptedTextField
from adilkent.core.protected_files import random_upload_path
from adilkent.guide.models import Service
from adilkent.places.models import District, Mahalle


class Kind(models.TextChoices):
    INFORMATION = "information", _("information request")
    APPLICATION = "application", _("service application")
    COMPLAINT = "complaint", _("complaint")


class IdentityMode(models.TextChoices):
    IDENTIFIED = "identified", _("with my name")
    CONFIDENTIAL = "confidential", _("confidential")
    ANONYMOUS = "anonymous", _("anonymous")


class ChannelUsed(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    PHONE = "phone", _("phone call (entered by staff)")
    VISIT = "visit", _("visit (entered by staff)")


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    TRIAGED = "triaged", _("triaged")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting for you")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    MERGED = "merged", _("merged with another request")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.TRIAGED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.WAITING,
)
WORKING = [Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING]


class ResidentGroup(models.TextChoices):
    """Groups a resident may say they belong to (optional), for equal-access measurement."""

    REFUGEE = "refugee", _("refugee or migrant")
    WOMAN = "woman", _("woman")
    CHILD = "child", _("child or young person")
    ELDERLY = "elderly", _("older person")
    DISABILITY = "disability", _("person with a disability")
    ROMA = "roma", _("Roma")
    LOW_INCOME = "low_income", _("low income")


class Unit(models.Model):
    """A municipal unit that handles requests."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="intake_units",
        verbose_name=_("officers"),
        help_text=_("Staff who see and handle the requests routed to this unit."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Requests for this service (and, if given, this district or mahalle) go to this unit."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True)
    mahalle = models.ForeignKey(Mahalle, on_delete=models.CASCADE, null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="rules")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.service or '*'} / {self.mahalle or self.district or '*'} → {self.unit}"

    @property
    def specificity(self) -> int:
        return rule_specificity(
            service_id=self.service_id, district_id=self.district_id, mahalle_id=self.mahalle_id
        )


def rule_specificity(
    *, service_id: int | None, district_id: int | None, mahalle_id: int | None
) -> int:
    """How specific a routing rule is: a mahalle before a district before the whole city,
    then a rule for the service before one for every service."""
    return (4 if mahalle_id else 2 if district_id else 0) + (1 if service_id else 0)


# The fields that identify or locate the resident (encrypted; out of the history; erased).
PERSONAL_FIELDS = ["name", "email", "phone", "address", "phone_hash", "email_hash"]


def new_public_id() -> str:
    """The id Open311 publishes: random, unrelated to the tracking code (which is a bearer
    secret that opens the request's status page)."""
    import secrets

    return secrets.token_hex(6)


class Request(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    public_id = models.CharField(
        _("public id (Open311)"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    api_key = models.ForeignKey(
        "ApiKey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted with the API key"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    suggested_service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category_confirmed = models.BooleanField(_("category confirmed by staff"), default=False)
    # The classifier's calibrated probability for its best category, and whether it was below
    # the stored threshold ("not sure": no suggestion, the request goes to the triage desk).
    suggestion_probability = models.FloatField(_("suggestion probability"), null=True, blank=True)
    category_not_sure = models.BooleanField(_("classifier not sure"), default=False)
    text = models.TextField(_("text as written"))
    text_language = models.CharField(_("detected language"), max_length=8, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8)
    interpreter_language = models.CharField(_("interpreter needed for"), max_length=60, blank=True)
    identity_mode = models.CharField(
        _("identity"), max_length=20, choices=IdentityMode.choices, default=IdentityMode.IDENTIFIED
    )
    # Who the resident is and how to reach them: encrypted at rest (the cases keys), never in
    # the change history; keyed hashes let an erasure find them (services.request_forget).
    name = EncryptedTextField(_("name"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    resident_groups = models.JSONField(_("groups"), default=list, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ChannelUsed.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    mahalle = models.ForeignKey(Mahalle, on_delete=models.SET_NULL, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    media_url = models.URLField(_("photo link"), max_length=500, blank=True)
    device_id = models.CharField(_("device (Open311)"), max_length=100, blank=True)
    account_id = models.CharField(_("account (Open311)"), max_length=100, blank=True)
    status = FSMField(_("status"), default=Status.RECEIVED, choices=Status.choices)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=PERSONAL_FIELDS)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="request_status_created")]
        permissions = [
            ("view_confidential_identity", "Can see the identity of confidential requests"),
            ("view_all_requests", "Can see and handle every request (the triage desk)"),
        ]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # --- the state machine (who may do what is checked in services.py) ---
    @transition(field=status, source=Status.RECEIVED, target=Status.TRIAGED)
    def triage(self) -> None: ...

    @transition(field=status, source=[Status.RECEIVED, Status.TRIAGED], target=Status.ASSIGNED)
    def assign(self) -> None: ...

    @transition(field=status, source=[Status.ASSIGNED, Status.WAITING], target=Status.IN_PROGRESS)
    def start(self) -> None: ...

    @transition(field=status, source=[Status.ASSIGNED, Status.IN_PROGRESS], target=Status.WAITING)
    def wait_for_resident(self) -> None: ...

    @transition(field=status, source=WORKING, target=Status.RESOLVED)
    def resolve(self) -> None: ...

    @transition(field=status, source=Status.RESOLVED, target=Status.CLOSED)
    def close(self) -> None: ...

    @transition(field=status, source=Status.RESOLVED, target=Status.IN_PROGRESS)
    def reopen(self) -> None: ...

    @transition(
        field=status,
        source=[Status.RECEIVED, Status.TRIAGED, Status.ASSIGNED],
        target=Status.REJECTED,
    )
    def reject(self) -> None: ...

    @transition(field=status, source=list(OPEN_STATUSES), target=Status.MERGED)
    def merge(self) -> None: ...


ACTIONS = {
    "triage": _("Mark as triaged"),
    "assign": _("Assign"),
    "start": _("Start work"),
    "wait_for_resident": _("Wait for the resident"),
    "resolve": _("Resolve"),
    "close": _("Close"),
    "reopen": _("Reopen"),
    "reject": _("Reject"),
}


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random storage name: the resident's file name and the request never show in it."""
    return random_upload_path("intake", filename, instance.content_type)


class Attachment(models.Model):
    """A resident's photo or document; sent only through the staff view (never /media/)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """One step in a request's life: status change, reply, internal note, assignment."""

    class Type(models.TextChoices):
        RECEIVED = "received", _("received")
        STATUS = "status", _("status changed")
        REPLY = "reply", _("reply to the resident")
        NOTE = "note", _("internal note")
        ASSIGNMENT = "assignment", _("assignment")
        MERGE = "merge", _("merge")
        ESCALATION = "escalation", _("escalation")
        RESIDENT = "resident", _("message from the resident")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    public = models.BooleanField(_("shown to the resident"), default=False)
    text = models.TextField(_("text"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.request_id} {self.type} {self.at:%Y-%m-%d %H:%M}"


class ReplyTemplate(models.Model):
    """A standard answer; ``texts`` holds it in each language ({"tr": "…", "ar": "…"})."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    texts = models.JSONField(_("text by language"), default=dict)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str) -> str:
        return str(self.texts.get(language) or self.texts.get("tr") or self.texts.get("en") or "")


class ApiKey(models.Model):
    """A key that lets an Open311 or API client submit requests."""

    name = models.CharField(_("client"), max_length=200)
    key = models.CharField(_("key"), max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return self.name


class ClassifierVersion(models.Model):
    """One trained category classifier, stored so that every process loads the same model.

    Trained by a background job (``intake.tasks.train_classifier``), never in a request. The
    pipeline is a joblib dump, loaded only from this table and only when its HMAC (keyed by
    the deployment's secret key) matches; see docs/decisions/0003-classifier-store.md.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    trained_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    n_training_texts = models.PositiveIntegerField(_("training texts"))
    labels = models.JSONField(_("categories"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict)
    # Chosen on a validation split (classifier.choose_thresholds); below either, no suggestion.
    # A version stored before abstaining (no threshold) is not loaded.
    threshold = models.FloatField(_("probability threshold"), null=True, blank=True)
    min_similarity = models.FloatField(_("minimum similarity"), default=0.0)
    fingerprint = models.CharField(_("training data fingerprint"), max_length=64)
    library = models.CharField(_("library version"), max_length=60)
    pipeline = models.BinaryField(_("serialized pipeline"))
    digest = models.CharField(_("HMAC of the pipeline"), max_length=64)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("classifier version")
        verbose_name_plural = _("classifier versions")

    def __str__(self) -> str:
        return f"v{self.version} ({self.n_training_texts})"


class Notification(models.Model):
    """One message to send (to the resident or to the request's unit), by one channel.

    Created in the transaction that caused it and sent by a background job after the commit
    (``intake.tasks.send_notification``); a failed send is retried with growing delays and
    ends ``failed`` with the reason logged. The address is read from the request at sending
    time, so none is copied here; the text is encrypted at rest.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        SMS = "sms", _("SMS")

    class Recipient(models.TextChoices):
        RESIDENT = "resident", _("resident")
        UNIT = "unit", _("unit")

    class State(models.TextChoices):
        PENDING = "pending", _("to send")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # what the message is about: a request, or another app's record (``target``) whose
    # addressee that app registered (intake.notify.register_addressee)
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    subject = EncryptedTextField(_("subject"))
    body = EncryptedTextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=False, target_id__isnull=True)
                | models.Q(request__isnull=True, target_id__isnull=False),
                name="notification_about_one_thing",
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient} ({self.state})"
