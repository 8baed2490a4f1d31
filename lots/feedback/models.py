"""Feedback and complaints (*synpunkter och klagomål*, SOSFS 2011:9 5 kap. 3 §).

One case type for everything: what the public leaves in the e-service, what
staff register from a phone call, a letter or a meeting, and reports from
authorities (IVO decisions, auditors' findings). Each case belongs to the
responsible unit, whose manager completes it within the municipality's
deadline (14 days by default, ``FeedbackSettings``).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.lib.dates import day_start
from lots.organisation.models import Municipality, Unit


class FeedbackSettings(VersionedModel):
    """Per-municipality rules for the feedback work. A municipality without a row uses the defaults."""

    DEFAULT_DEADLINE_DAYS = 14
    DEFAULT_REMINDER_DAYS = 3
    DEFAULT_DELEGATION_DAYS = 28
    DEFAULT_SECRECY_LAW = "offentlighets- och sekretesslagen (2009:400)"
    DEFAULT_ACCESSIBILITY_LAW = "lagen (2018:1937) om tillgänglighet till digital offentlig service"

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="feedback_settings", verbose_name=_("kommun")
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("dagar till avslutat ärende"),
        default=DEFAULT_DEADLINE_DAYS,
        help_text=_("Ett ärende ska vara avslutat inom så många dagar från att det kom in."),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("påminnelse dagar före"),
        default=DEFAULT_REMINDER_DAYS,
        help_text=_("Så många dagar före sista dagen får den som handlägger en påminnelse."),
    )
    fallback_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mottagare när verksamheten är okänd"),
        help_text=_("Enheten som tar emot synpunkter när avsändaren inte vet vilken verksamhet det gäller."),
    )
    delegation_deadline_days = models.PositiveSmallIntegerField(
        _("dagar för klagomålsdelegationen"),
        default=DEFAULT_DELEGATION_DAYS,
        help_text=_("Klagomålsdelegationen ska ha beslutat och svarat inom så många dagar från att prövningen begärdes."),
    )
    contact_email = models.EmailField(_("e-post för frågor om e-tjänsten"), blank=True)
    contact_phone = models.CharField(_("telefon för frågor om e-tjänsten"), max_length=40, blank=True)
    secrecy_law = models.CharField(_("sekretesslag som nämns i e-tjänsten"), max_length=200, default=DEFAULT_SECRECY_LAW)
    accessibility_law = models.CharField(
        _("tillgänglighetslag som nämns i redogörelsen"), max_length=200, default=DEFAULT_ACCESSIBILITY_LAW
    )
    accessibility_reviewed_on = models.DateField(_("tillgängligheten granskades senast"), null=True, blank=True)

    class Meta:
        verbose_name = _("inställningar för synpunkter")
        verbose_name_plural = _("inställningar för synpunkter")
        constraints = [
            models.CheckConstraint(condition=Q(deadline_days__gte=1, deadline_days__lte=90), name="feedback_deadline_in_range"),
            models.CheckConstraint(condition=Q(reminder_days_before__lte=30), name="feedback_reminder_in_range"),
            models.CheckConstraint(
                condition=Q(delegation_deadline_days__gte=1, delegation_deadline_days__lte=180),
                name="feedback_delegation_deadline_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.deadline_days} dagar"

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> "FeedbackSettings":
        """The stored settings, or an unsaved row with the defaults. Never writes."""
        return cls.objects.filter(municipality=municipality).select_related("fallback_unit").first() or cls(
            municipality=municipality
        )


class FeedbackCaseQuerySet(ReadLoggedQuerySet):
    def named(self, term: str):
        """The case with the reference ``term``, or with the id ``term``."""
        return self.filter(reference__iexact=term.strip()) if not term.isdigit() else super().named(term)

    def open(self):
        return self.exclude(status=FeedbackCase.Status.CLOSED)

    def closed(self):
        return self.filter(status=FeedbackCase.Status.CLOSED)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_date__lt=today)

    def received_between(self, start: datetime.date | None, end: datetime.date | None):
        qs = self
        # A range on the column itself (local days), so that an index on received_at serves it.
        if start:
            qs = qs.filter(received_at__gte=day_start(start))
        if end:
            qs = qs.filter(received_at__lt=day_start(end + datetime.timedelta(days=1)))
        return qs

    def authority_reports(self):
        return self.exclude(authority="")


class FeedbackCase(VersionedModel):
    class Kind(models.TextChoices):
        COMPLAINT = "klagomal", _("Klagomål")
        OPINION = "synpunkt", _("Synpunkt")
        SUGGESTION = "forslag", _("Förslag")
        PRAISE = "berom", _("Beröm")

    class SenderRole(models.TextChoices):
        CONCERNED = "berord", _("Den som stödet gäller")
        RELATIVE = "anhorig", _("Anhörig eller närstående")
        REPRESENTATIVE = "foretradare", _("Företrädare, till exempel god man eller ombud")
        STAFF = "medarbetare", _("Medarbetare")
        ORGANISATION = "organisation", _("Organisation eller förening")
        OTHER = "annan", _("Någon annan")
        AUTHORITY = "myndighet", _("Myndighet")

    # The public chooses among these; authorities are registered by staff.
    PUBLIC_SENDER_ROLES = [
        SenderRole.CONCERNED,
        SenderRole.RELATIVE,
        SenderRole.REPRESENTATIVE,
        SenderRole.STAFF,
        SenderRole.ORGANISATION,
        SenderRole.OTHER,
    ]

    class Channel(models.TextChoices):
        E_SERVICE = "e_tjanst", _("E-tjänsten")
        PHONE = "telefon", _("Telefon")
        LETTER = "brev", _("Brev")
        EMAIL = "e_post", _("E-post")
        VISIT = "besok", _("Muntligt vid besök")
        MEETING = "mote", _("Vid möte")

    # What the registrator registers in its original form (Katrineholm §5.2); a letter and an e-mail arrive as a
    # document and are kept as one, a phone call is kept as the registrator's note of it.
    ORIGINAL_CHANNELS = (Channel.LETTER, Channel.EMAIL, Channel.PHONE)
    ORIGINAL_DOCUMENT_REQUIRED = (Channel.LETTER, Channel.EMAIL)

    class Category(models.TextChoices):
        TREATMENT = "bemotande", _("Bemötande")
        ACCESSIBILITY = "tillganglighet", _("Tillgänglighet")
        PROCESSING = "handlaggning", _("Handläggning")
        QUALITY = "kvalitet", _("Insatsens kvalitet")
        INFORMATION = "information", _("Information")
        OTHER = "ovrigt", _("Övrigt")

    class Authority(models.TextChoices):
        IVO = "ivo", _("Beslut från IVO")
        AUDIT = "revision", _("Iakttagelse från revisorerna")
        JO = "jo", _("Beslut från JO")
        OTHER = "annan", _("Annan myndighet")

    class Status(models.TextChoices):
        NEW = "ny", _("Ny")
        IN_PROGRESS = "pagar", _("Under handläggning")
        ANSWERED = "besvarad", _("Besvarad")
        CLOSED = "avslutad", _("Avslutad")

    class Reply(models.TextChoices):
        EMAIL = "e_post", _("E-post")
        LETTER = "brev", _("Brev")
        PHONE = "telefon", _("Telefon")
        NONE = "ingen", _("Vill inte ha svar")

    class AnswerMethod(models.TextChoices):
        EMAIL = "e_post", _("E-post")
        LETTER = "brev", _("Brev")
        PHONE = "telefon", _("Telefon")
        MEETING = "mote", _("Vid möte eller besök")

    reference = models.CharField(_("diarienummer"), max_length=20, unique=True, null=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="feedback_cases",
        verbose_name=_("kommun"),
        help_text=_("Kommunen vars e-tjänst eller kontaktväg användes."),
    )
    # Indexed by the (unit, …) indexes below; a single-column index would only tempt the planner away from them.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="feedback_cases", verbose_name=_("ansvarig enhet"), db_index=False
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    sender_role = models.CharField(_("avsändare"), max_length=20, choices=SenderRole.choices)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("gäller"), max_length=20, choices=Category.choices, blank=True)
    authority = models.CharField(_("från myndighet"), max_length=20, choices=Authority.choices, blank=True)
    external_reference = models.CharField(_("myndighetens diarienummer"), max_length=60, blank=True)
    description = models.TextField(_("beskrivning"))

    is_anonymous = models.BooleanField(_("anonym"), default=False)
    contact_name = models.CharField(_("namn"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_address = models.TextField(_("postadress"), max_length=300, blank=True)
    # The language the sender used in the e-service; mail to them is written in it (empty: Swedish).
    contact_language = models.CharField(_("avsändarens språk"), max_length=8, blank=True, default="", db_default="")
    preferred_reply = models.CharField(_("önskat svarssätt"), max_length=20, choices=Reply.choices, default=Reply.NONE)

    received_at = models.DateTimeField(_("inkom"), default=timezone.now)
    due_date = models.DateField(_("avslutas senast"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_cases",
        verbose_name=_("handläggare"),
    )
    taken_at = models.DateTimeField(_("mottagen av handläggaren"), null=True, blank=True)
    investigation = models.TextField(_("utredning"), blank=True)
    answer = models.TextField(_("svar"), blank=True)
    answer_method = models.CharField(_("svarat via"), max_length=20, choices=AnswerMethod.choices, blank=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("besvarad av")
    )
    closing_note = models.TextField(_("sammanfattning vid avslut"), blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("avslutad av")
    )
    escalated_at = models.DateTimeField(_("eskalerad"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_feedback_cases",
        verbose_name=_("eskalerad till"),
    )
    lex_sarah_at = models.DateTimeField(_("lex Sarah-rapport gjord"), null=True, blank=True)
    # SHA-256 of the sender's secret status link; the link itself is shown once and never stored.
    status_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FeedbackCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("synpunkt")
        verbose_name_plural = _("synpunkter")
        indexes = [
            models.Index(fields=["unit", "status"], name="feedback_unit_status"),
            models.Index(fields=["status", "due_date"], name="feedback_status_due"),
            models.Index(fields=["municipality", "received_at"], name="feedback_municipality_received"),
            # A unit subtree over a period (lists, the overview, the compilation), and its open cases alone.
            models.Index(
                fields=["unit", "received_at"],
                include=["id", "kind", "status", "due_date", "closed_at"],
                name="feedback_unit_received",
            ),
            models.Index(fields=["unit", "due_date"], condition=~Q(status="avslutad"), name="feedback_open_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["status_token_hash"], condition=~Q(status_token_hash=""), name="feedback_status_token_unique"
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(contact_name="", contact_email="", contact_phone="", contact_address=""),
                name="feedback_anonymous_has_no_contact",
            ),
            models.CheckConstraint(
                condition=(Q(status="avslutad") & Q(closed_at__isnull=False))
                | (~Q(status="avslutad") & Q(closed_at__isnull=True)),
                name="feedback_closed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="avslutad") | ~Q(category=""),
                name="feedback_closed_is_classified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or '–'} {self.get_kind_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:detail", args=[self.pk])

    @staticmethod
    def new_status_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_authority_report(self) -> bool:
        return bool(self.authority)

    @property
    def can_be_answered(self) -> bool:
        """Anonymous senders cannot be answered; the others can, whatever way they preferred."""
        details = (self.contact_email, self.contact_address, self.contact_phone, self.contact_name)
        return not self.is_anonymous and any(details)

    @property
    def received_on(self) -> datetime.date:
        return timezone.localtime(self.received_at).date()

    def days_left(self, today: datetime.date) -> int:
        return (self.due_date - today).days

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_closed and self.due_date < today

    @property
    def completed_in_time(self) -> bool | None:
        """True/False once closed; None while open."""
        if self.closed_at is None:
            return None
        return timezone.localtime(self.closed_at).date() <= self.due_date

    @property
    def handling_days(self) -> int | None:
        if self.closed_at is None:
            return None
        return (timezone.localtime(self.closed_at).date() - self.received_on).days

    def can_receive(self) -> bool:
        return self.status == self.Status.NEW

    def can_answer(self) -> bool:
        return self.status in (self.Status.IN_PROGRESS, self.Status.ANSWERED) and self.can_be_answered

    def can_close(self) -> bool:
        return self.status in (self.Status.IN_PROGRESS, self.Status.ANSWERED)

    @property
    def delegation_or_none(self) -> "DelegationRequest | None":
        try:
            return self.delegation
        except DelegationRequest.DoesNotExist:
            return None

    def can_go_to_delegation(self) -> bool:
        """Only a complaint the sender has been answered on, and only once (Katrineholm §5.2)."""
        return (
            self.kind == self.Kind.COMPLAINT
            and not self.authority
            and self.answered_at is not None
            and self.delegation_or_none is None
        )


class DelegationRequestQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(decided_at__isnull=True)

    def overdue(self, today: datetime.date):
        return self.undecided().filter(due_date__lt=today)


class DelegationRequest(VersionedModel):
    """A complainant's request that the board's complaint delegation (*klagomålsdelegationen*) handles a complaint
    they were not satisfied with the answer to (Katrineholm §5.2): a track of its own beside the case, with its own
    deadline, the decision and the answer to the complainant.

    The förvaltningschef records the decision: the delegation's own, or their own under the delegation order.
    A part of the case: it is read only through the case, like the case's attachments.
    """

    class Channel(models.TextChoices):
        STATUS_PAGE = "statussida", _("Avsändarens statussida")
        STAFF = "personal", _("Via personal")

    class Basis(models.TextChoices):
        DELEGATION = "klagomalsdelegationen", _("Klagomålsdelegationens beslut")
        DELEGATED = "delegation", _("Förvaltningschefens beslut enligt delegationsordningen")

    case = models.OneToOneField(FeedbackCase, on_delete=models.CASCADE, related_name="delegation")
    requested_at = models.DateTimeField(_("begärd"), default=timezone.now)
    channel = models.CharField(_("begärd via"), max_length=20, choices=Channel.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    reason = models.TextField(_("varför avsändaren inte är nöjd"), max_length=5000)
    due_date = models.DateField(_("beslut senast"))
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutet registrerat av"),
    )
    decision_basis = models.CharField(_("vem beslutade"), max_length=30, choices=Basis.choices, blank=True)
    decision_reference = models.CharField(
        _("protokollsparagraf eller delegationspunkt"),
        max_length=120,
        blank=True,
        help_text=_("Till exempel klagomålsdelegationens protokoll § 12 eller punkt 5.2 i delegationsordningen."),
    )
    decision = models.TextField(_("beslut"), blank=True)
    answer = models.TextField(_("svar till avsändaren"), blank=True)
    escalated_at = models.DateTimeField(_("eskalerad"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_feedback_delegations",
        verbose_name=_("eskalerad till"),
    )

    objects = DelegationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("prövning i klagomålsdelegationen")
        verbose_name_plural = _("prövningar i klagomålsdelegationen")
        indexes = [models.Index(fields=["decided_at", "due_date"], name="feedback_delegation_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True)
                | (
                    Q(decided_by__isnull=False)
                    & ~Q(decision_basis="")
                    & ~Q(decision_reference="")
                    & ~Q(decision="")
                    & ~Q(answer="")
                ),
                name="feedback_delegation_decision_complete",
            ),
            models.CheckConstraint(
                condition=~Q(channel="personal") | Q(requested_by__isnull=False),
                name="feedback_delegation_staff_request_has_registrar",
            ),
        ]

    def __str__(self) -> str:
        return _("Klagomålsdelegationen: %(ref)s") % {"ref": self.case.reference}

    @property
    def audit_label(self) -> str:
        return f"Klagomålsdelegationen {self.case.reference}"

    @property
    def unit(self) -> Unit:
        return self.case.unit

    @property
    def unit_id(self) -> int:
        return self.case.unit_id

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    def days_left(self, today: datetime.date) -> int:
        return (self.due_date - today).days

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_decided and self.due_date < today


def attachment_path(instance, filename: str) -> str:
    # A random name on disk; the sender's file name is kept only as data.
    return f"feedback/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{instance.extension}"


class FeedbackAttachment(models.Model):
    # Detected from the file's content, never from its name.
    ALLOWED_TYPES = {
        "application/pdf": (".pdf", "PDF"),
        "image/jpeg": (".jpg", "JPEG"),
        "image/png": (".png", "PNG"),
        "image/heic": (".heic", "HEIC"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", "Word (docx)"),
        "application/vnd.oasis.opendocument.text": (".odt", "OpenDocument-text (odt)"),
    }
    MAX_FILES = 3

    case = models.ForeignKey(FeedbackCase, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("filnamn"), max_length=200)
    # The letter, e-mail or phone note as it arrived, registered by the registrator (Katrineholm §5.2).
    is_original = models.BooleanField(_("originalet"), default=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.ALLOWED_TYPES.get(self.content_type, (".bin", ""))[0]


class AccessibilityReport(models.Model):
    """A problem with the e-service's accessibility, reported from the accessibility statement."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"))
    description = models.TextField(_("beskrivning"), max_length=3000)
    page = models.CharField(_("sida"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    created_at = models.DateTimeField(_("inkom"), default=timezone.now)
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("hanterad av")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tillgänglighetsproblem")
        verbose_name_plural = _("tillgänglighetsproblem")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.created_at:%Y-%m-%d}"


class SubmissionAttempt(models.Model):
    """One accepted or refused submission from an address, kept briefly for the per-address rate limit.

    The address is stored as a keyed hash, never in clear text, and rows older
    than a day are deleted on the next check.
    """

    address_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "purpose", "at"], name="feedback_attempt_lookup")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.at:%Y-%m-%d %H:%M}"
