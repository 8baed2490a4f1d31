"""Writes to the archive: a document is registered when it is established and stored once, as PDF/A."""

import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from lots.archive import renderers
from lots.archive.models import ArchivedDocument
from lots.audit import services as audit
from lots.audit.models import AuditEntry


def document_establish(
    *,
    actor,
    record: models.Model,
    kind: str,
    unit,
    year: int,
    title: str,
    established_at: datetime.datetime | None = None,
) -> ArchivedDocument:
    """Register ``record`` as established; the worker renders and stores its PDF/A copy after commit.
    Call it inside the establishing service's transaction, so a rollback leaves no archived copy behind."""
    with transaction.atomic():
        document = ArchivedDocument.objects.create(
            kind=kind,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            unit=unit,
            year=year,
            title=title[:300],
            established_at=established_at or timezone.now(),
            established_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record_created(actor=actor, obj=document, fields=["kind", "year"], unit=unit)
        transaction.on_commit(lambda: store_document.enqueue(document_id=document.pk), robust=True)
    return document


def filename(document: ArchivedDocument) -> str:
    return f"{slugify(document.title)[:80] or document.kind}-{document.pk}.pdf"


@transaction.atomic
def document_store(*, document: ArchivedDocument, pdf: bytes) -> ArchivedDocument:
    """Keep ``pdf`` as the document's archived copy with its checksum. A stored copy is never replaced."""
    locked = ArchivedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.is_stored:
        return locked
    locked.file.save(filename(locked), ContentFile(pdf), save=False)
    locked.sha256 = hashlib.sha256(pdf).hexdigest()
    locked.size = len(pdf)
    locked.stored_at = timezone.now()
    locked.save(update_fields=["file", "sha256", "size", "stored_at"])
    audit.record(
        actor=None,
        action=AuditEntry.Action.UPDATE,
        obj=locked,
        changes={"sha256": (None, locked.sha256)},
        note=_("Arkivexemplaret (PDF/A) sparades."),
        unit=locked.unit,
    )
    return locked


@task()
def store_document(*, document_id: int) -> None:
    """Render an established document as PDF/A and store it (the worker runs this once per document)."""
    document = ArchivedDocument.objects.filter(pk=document_id, stored_at__isnull=True).first()
    if document is None:
        return
    document_store(document=document, pdf=renderers.render(document))


def stored_copy(record: models.Model, kind: str) -> ArchivedDocument | None:
    """The stored archived copy of ``record``, or None while it is not (yet) stored. A record established more than
    once (a follow-up reopened and completed again) has a copy each time; the latest is the one that stands."""
    return (
        ArchivedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk, kind=kind, stored_at__isnull=False
        )
        .only("file", "sha256", "title", "size")
        .order_by("-established_at", "-pk")
        .first()
    )


def verify_stored(documents=None) -> list[tuple[ArchivedDocument, str]]:
    """Every stored document whose file is missing or whose contents no longer match its checksum, with why."""
    problems = []
    for document in documents if documents is not None else ArchivedDocument.objects.filter(stored_at__isnull=False):
        try:
            with document.file.open("rb") as handle:
                digest = hashlib.sha256()
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except (FileNotFoundError, ValueError):
            problems.append((document, _("filen saknas")))
            continue
        if digest.hexdigest() != document.sha256:
            problems.append((document, _("kontrollsumman stämmer inte")))
    return problems
