"""Writing catalogues: from a parsed document, a corrected preview, or a YAML file in catalogues/.

All three arrive as the same dictionary (the format in catalogues/README.md),
are checked by ``clean_catalogue_data`` and saved by ``catalogue_version_create``,
which carries each requirement's lineage over from the previous version.
"""

import datetime
import hashlib
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.organisation.models import Municipality
from lots.requirements import diff
from lots.requirements.importer.references import find_references
from lots.requirements.importer.text import squash
from lots.requirements.models import Catalogue, CatalogueVersion, ImportDraft, Requirement, Section

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogues"

_STRENGTHS = {"ska": "ska", "skall": "ska", "must": "ska", "bör": "bör", "bor": "bör", "should": "bör"}
_BINDS = {
    "management": "management",
    "ledning": "management",
    "ledningen": "management",
    "staff": "staff",
    "medarbetare": "staff",
    "medarbetarna": "staff",
    "personal": "staff",
    "both": "both",
    "båda": "both",
    "bada": "both",
    "alla": "both",
}
MAX_REQUIREMENTS = 2000


# --- Checking the data ---------------------------------------------------------


def _text(value, where: str, name: str, *, required: bool = False, limit: int | None = None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise ValidationError(_("%(where)s: %(name)s ska vara text.") % {"where": where, "name": name})
    value = str(value).strip()
    if required and not value:
        raise ValidationError(_("%(where)s: %(name)s saknas.") % {"where": where, "name": name})
    if limit and len(value) > limit:
        raise ValidationError(
            _("%(where)s: %(name)s får vara högst %(limit)s tecken.") % {"where": where, "name": name, "limit": limit}
        )
    return value


def _date(value, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("%(where)s: datumet ska skrivas ÅÅÅÅ-MM-DD.") % {"where": where}) from None


def _references(value, text: str, where: str) -> list[str]:
    if value is None:
        return find_references(text)
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("%(where)s: hänvisningarna ska vara en lista med text.") % {"where": where})
    return [squash(v) for v in value if squash(v)]


def _clean_requirement(raw, where: str) -> dict:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise ValidationError(_("%(where)s: ett krav ska ha en text.") % {"where": where})
    text = squash(_text(raw.get("text"), where, _("kravtexten"), required=True))
    strength = str(raw.get("strength") or "ska").strip().casefold()
    if strength not in _STRENGTHS:
        raise ValidationError(
            _("%(where)s: styrkan ska vara ”ska” eller ”bör”, inte ”%(value)s”.") % {"where": where, "value": raw.get("strength")}
        )
    binds = str(raw.get("binds") or "both").strip().casefold()
    if binds not in _BINDS:
        raise ValidationError(
            _("%(where)s: ”binds” ska vara management, staff eller both, inte ”%(value)s”.")
            % {"where": where, "value": raw.get("binds")}
        )
    return {
        "text": text,
        "strength": _STRENGTHS[strength],
        "binds": _BINDS[binds],
        "references": _references(raw.get("references"), text, where),
    }


def _clean_section(raw, where: str) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("%(where)s: ett avsnitt ska ha en rubrik.") % {"where": where})
    title = _text(raw.get("title"), where, _("rubriken"), required=True, limit=255)
    here = _("Avsnittet ”%(title)s”") % {"title": title}
    requirements = raw.get("requirements") or []
    sections = raw.get("sections") or []
    if not isinstance(requirements, list) or not isinstance(sections, list):
        raise ValidationError(_("%(where)s: krav och avsnitt ska vara listor.") % {"where": here})
    description = _text(raw.get("description"), here, _("beskrivningen"))
    return {
        "number": _text(raw.get("number"), here, _("numret"), limit=20),
        "title": title,
        "description": description,
        "references": _references(raw.get("references"), description, here),
        "requirements": [_clean_requirement(r, here) for r in requirements],
        "sections": [_clean_section(s, _("%(where)s › underavsnitt") % {"where": here}) for s in sections],
    }


def clean_catalogue_data(data) -> dict:
    """The catalogue dictionary checked and normalised; ValidationError (Swedish) says what is wrong and where."""
    if not isinstance(data, dict):
        raise ValidationError(_("Katalogen ska vara en ordlista med titel och avsnitt."))
    where = _("Katalogen")
    sections = data.get("sections") or []
    if not isinstance(sections, list) or not sections:
        raise ValidationError(_("Katalogen har inga avsnitt."))
    cleaned = {
        "key": _text(data.get("key"), where, _("kortnamnet"), limit=80),
        "title": _text(data.get("title"), where, _("titeln"), required=True, limit=200),
        "issuer": _text(data.get("issuer"), where, _("utfärdaren"), limit=200),
        "version": _text(data.get("version"), where, _("versionen"), limit=40),
        "date": _date(data.get("date"), where),
        "reference": _text(data.get("reference"), where, _("ärendenumret"), limit=80),
        "source": _text(data.get("source"), where, _("källan"), limit=255),
        "description": _text(data.get("description"), where, _("beskrivningen")),
        "sections": [_clean_section(s, _("Avsnitt")) for s in sections],
    }
    count = sum(len(s["requirements"]) for s, _depth in walk(cleaned["sections"]))
    if count == 0:
        raise ValidationError(_("Katalogen innehåller inga krav."))
    if count > MAX_REQUIREMENTS:
        raise ValidationError(_("Katalogen har fler än %(n)s krav.") % {"n": MAX_REQUIREMENTS})
    return cleaned


def walk(sections: list[dict], depth: int = 0):
    for section in sections:
        yield section, depth
        yield from walk(section["sections"], depth + 1)


# --- Reading a saved version back --------------------------------------------------


def version_data(version: CatalogueVersion) -> dict:
    """A saved version as the catalogue dictionary (for comparison, export and the API)."""
    sections = list(version.sections.order_by("position"))
    requirements: dict[int, list[dict]] = {}
    for r in version.requirements.order_by("position"):
        requirements.setdefault(r.section_id, []).append(
            {"text": r.text, "strength": r.strength, "binds": r.binds, "references": list(r.references)}
        )
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for s in sections:
        node = {
            "number": s.number,
            "title": s.title,
            "description": s.description,
            "references": list(s.references),
            "requirements": requirements.get(s.pk, []),
            "sections": [],
        }
        nodes[s.pk] = node
        (nodes[s.parent_id]["sections"] if s.parent_id else roots).append(node)
    catalogue = version.catalogue
    return {
        "key": catalogue.key,
        "title": catalogue.title,
        "issuer": catalogue.issuer,
        "version": version.label,
        "date": version.issued_on,
        "reference": version.reference,
        "source": version.source_document,
        "description": version.description,
        "sections": roots,
    }


def _content(data: dict) -> tuple:
    """What makes two versions the same: the tree of sections and requirements, the label and the date."""

    def section(s):
        return (
            s["number"],
            s["title"],
            squash(s["description"]),
            tuple((r["text"], r["strength"], r["binds"], tuple(r["references"])) for r in s["requirements"]),
            tuple(section(c) for c in s["sections"]),
        )

    return (data["version"], data["date"], tuple(section(s) for s in data["sections"]))


# --- Writing ------------------------------------------------------------------------


def _free_key(municipality: Municipality | None, wanted: str) -> str:
    base = slugify(wanted)[:70] or "katalog"
    key, n = base, 2
    while Catalogue.objects.filter(municipality=municipality, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def catalogue_create(*, actor, municipality: Municipality | None, title: str, issuer: str = "", key: str = "") -> Catalogue:
    key = slugify(key)[:80] if key else _free_key(municipality, title)
    if Catalogue.objects.filter(municipality=municipality, key=key).exists():
        raise ValidationError({"key": _("Det finns redan en katalog med det kortnamnet.")})
    catalogue = Catalogue.objects.create(municipality=municipality, key=key, title=title, issuer=issuer)
    audit.record_created(actor=actor, obj=catalogue, fields=["municipality", "key", "title", "issuer"])
    return catalogue


@transaction.atomic
def catalogue_version_create(*, actor, catalogue: Catalogue, data: dict, source_sha256: str = "") -> CatalogueVersion:
    """Save ``data`` as the catalogue's next version; each requirement keeps the lineage of the one it replaces."""
    data = clean_catalogue_data(data)
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    previous = catalogue.versions.order_by("-number").first()
    old = list(previous.requirements.select_related("section").order_by("position")) if previous else []
    version = CatalogueVersion.objects.create(
        catalogue=catalogue,
        number=previous.number + 1 if previous else 1,
        label=data["version"],
        issued_on=data["date"],
        reference=data["reference"],
        source_document=data["source"],
        source_sha256=source_sha256,
        description=data["description"],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    new_items: list[tuple[dict, Section]] = []
    parents: list[Section] = []
    for position, (raw, depth) in enumerate(walk(data["sections"])):
        del parents[depth:]
        section = Section.objects.create(
            version=version,
            parent=parents[-1] if parents else None,
            position=position,
            depth=depth,
            number=raw["number"],
            title=raw["title"],
            description=raw["description"],
            references=raw["references"],
        )
        parents.append(section)
        new_items.extend((r, section) for r in raw["requirements"])
    matched = diff.match(
        [diff.RequirementText(r.text, r.section.title) for r in old],
        [diff.RequirementText(r["text"], section.title) for r, section in new_items],
    )
    next_lineage = max((r.lineage for r in old), default=0) + 1
    rows = []
    for position, (raw, section) in enumerate(new_items):
        if position in matched:
            lineage = old[matched[position]].lineage
        else:
            lineage, next_lineage = next_lineage, next_lineage + 1
        rows.append(
            Requirement(
                version=version,
                section=section,
                position=position,
                lineage=lineage,
                text=raw["text"],
                strength=raw["strength"],
                binds=raw["binds"],
                references=raw["references"],
            )
        )
    Requirement.objects.bulk_create(rows)
    changes = {}
    if data["title"] != catalogue.title or (data["issuer"] and data["issuer"] != catalogue.issuer):
        changes = update_versioned(
            catalogue,
            actor=actor,
            data={"title": data["title"], "issuer": data["issuer"] or catalogue.issuer},
            expected_version=None,
        )
    note = f"{len(rows)} krav i {version.sections.count()} avsnitt"
    audit.record_created(
        actor=actor,
        obj=version,
        fields=["number", "label", "issued_on", "source_document"],
        note=note + (", titeln ändrad" if changes else ""),
    )
    return version


def _unchanged(catalogue: Catalogue, data: dict) -> bool:
    latest = catalogue.latest_version()
    return latest is not None and _content(version_data(latest)) == _content(data)


@transaction.atomic
def catalogue_import(
    *,
    actor,
    municipality: Municipality | None,
    data: dict,
    catalogue: Catalogue | None = None,
    source_sha256: str = "",
) -> tuple[Catalogue, CatalogueVersion | None]:
    """Save a parsed or corrected document: a new catalogue, or a new version of ``catalogue``.

    Returns ``(catalogue, version)``; ``version`` is None when the content equals the
    latest version (nothing is written then).
    """
    data = clean_catalogue_data(data)
    if catalogue is None:
        catalogue = catalogue_create(
            actor=actor, municipality=municipality, title=data["title"], issuer=data["issuer"], key=data["key"]
        )
    elif catalogue.municipality_id != (municipality.pk if municipality else None):
        raise ValidationError({"catalogue": _("Katalogen hör till en annan kommun.")})
    elif _unchanged(catalogue, data):
        return catalogue, None
    version = catalogue_version_create(actor=actor, catalogue=catalogue, data=data, source_sha256=source_sha256)
    return catalogue, version


def read_catalogue_file(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValidationError(
            _("%(name)s: filen är inte giltig YAML (%(error)s).") % {"name": path.name, "error": error}
        ) from None
    if not isinstance(data, dict) or not data.get("key"):
        raise ValidationError(_("%(name)s: filen saknar ”key” (katalogens kortnamn).") % {"name": path.name})
    try:
        return clean_catalogue_data(data)
    except ValidationError as error:
        raise ValidationError(f"{path.name}: {' '.join(error.messages)}") from None


def catalogue_files() -> list[Path]:
    return sorted(CATALOGUE_DIR.glob("*.yaml"))


@transaction.atomic
def catalogue_load_file(*, actor, path: str | Path) -> tuple[Catalogue, CatalogueVersion | None]:
    """Load one shipped catalogue file as a shared catalogue; a changed file becomes a new version, an unchanged one nothing."""
    data = read_catalogue_file(path)
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    catalogue = Catalogue.objects.filter(municipality__isnull=True, key=data["key"]).first()
    return catalogue_import(actor=actor, municipality=None, data=data, catalogue=catalogue, source_sha256=sha)


# --- Import drafts ----------------------------------------------------------------


@transaction.atomic
def import_draft_create(*, actor, municipality: Municipality, filename: str, fmt: str, sha256: str, data: dict) -> ImportDraft:
    # A person keeps at most a handful of unfinished drafts; older ones are dropped.
    stale = ImportDraft.objects.filter(created_by=actor).order_by("-created_at").values_list("pk", flat=True)[4:]
    ImportDraft.objects.filter(pk__in=list(stale)).delete()
    return ImportDraft.objects.create(
        municipality=municipality, created_by=actor, filename=filename[:255], format=fmt, sha256=sha256, data=data
    )


@transaction.atomic
def import_draft_update(*, actor, draft: ImportDraft, data: dict) -> ImportDraft:
    """The draft's structure repaired in the preview; a draft is the person's own and unsaved, so not audited."""
    draft.data = data
    draft.save(update_fields=["data"])
    return draft


@transaction.atomic
def import_draft_delete(*, actor, draft: ImportDraft) -> None:
    draft.delete()
