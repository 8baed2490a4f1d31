"""The archive package: a year's established documents with their metadata, as one ZIP for the e-archive.

The layout follows FGS (the Swedish national archives' transfer format) loosely; docs/archive.md describes it:

    manifest.json                 the package: who made it, when, for which year, every file with its SHA-256
    content/<id>.pdf              each document as stored (PDF/A), byte for byte
    metadata/<id>.json            each document's metadata (kind, title, unit, year, established when and by whom)
"""

import datetime
import hashlib
import json
import tempfile
import zipfile

from django.db.models import QuerySet
from django.utils import timezone

from lots.archive.models import ArchivedDocument

FORMAT = "lots-arkivpaket/1"


class PackageIntegrityError(Exception):
    """A stored file no longer matches its recorded checksum; the package is not made."""

    def __init__(self, document: ArchivedDocument):
        super().__init__(f"{document.file.name}: kontrollsumman stämmer inte")
        self.document = document


def metadata_of(document: ArchivedDocument) -> dict:
    unit = document.unit
    return {
        "id": document.pk,
        "kind": document.kind,
        "kind_label": str(document.get_kind_display()),
        "title": document.title,
        "year": document.year,
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "municipality": unit.municipality.name,
        "record": {"type": document.content_type.model, "id": document.object_id},
        "established_at": document.established_at.isoformat(),
        "established_by": str(document.established_by) if document.established_by else None,
        "stored_at": document.stored_at.isoformat(),
        "file": {"path": f"content/{document.pk}.pdf", "format": "PDF/A-3b", "sha256": document.sha256, "size": document.size},
    }


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()


def build_package(documents: QuerySet, *, year: int, creator: str, now: datetime.datetime | None = None):
    """Write the package for ``documents`` (stored, of one year) to a temporary file and return it, rewound.
    Each file's contents are checked against its checksum as they are copied (PackageIntegrityError)."""
    now = now or timezone.now()
    documents = documents.filter(stored_at__isnull=False, year=year).select_related(
        "unit", "unit__municipality", "established_by", "content_type"
    )
    output = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    try:
        count = _write(output, documents, year=year, creator=creator, now=now)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output, count


def _write(output, documents: QuerySet, *, year: int, creator: str, now: datetime.datetime) -> int:
    files = []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for document in documents:
            with document.file.open("rb") as handle:
                pdf = handle.read()
            if hashlib.sha256(pdf).hexdigest() != document.sha256:
                raise PackageIntegrityError(document)
            metadata = _dump(metadata_of(document))
            package.writestr(f"content/{document.pk}.pdf", pdf)
            package.writestr(f"metadata/{document.pk}.json", metadata)
            files.append({"path": f"content/{document.pk}.pdf", "sha256": document.sha256, "size": len(pdf)})
            checksum = hashlib.sha256(metadata).hexdigest()
            files.append({"path": f"metadata/{document.pk}.json", "sha256": checksum, "size": len(metadata)})
        manifest = {
            "format": FORMAT,
            "system": "Lots",
            "created_at": now.isoformat(),
            "created_by": creator,
            "year": year,
            "documents": len(files) // 2,
            "files": files,
        }
        package.writestr("manifest.json", _dump(manifest))
    return manifest["documents"]
