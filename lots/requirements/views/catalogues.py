"""Catalogues: list, versions, differences between versions, and importing a document with a corrected preview."""

import hashlib

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lots import access as lots_access
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.core.forms import form_status
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Municipality
from lots.requirements import access, diff, services
from lots.requirements.forms import ImportPreviewForm, ImportUploadForm, format_label
from lots.requirements.importer import UnreadableDocument, parse_document, repair
from lots.requirements.lists import CATALOGUES
from lots.requirements.models import Catalogue, CatalogueVersion, ImportDraft, Requirement
from lots.requirements.services.catalogues import walk
from lots.requirements.views.common import list_query, posted


def _catalogues(request):
    """The catalogue list as the person sees it (it has no filters), each catalogue with ``version_list`` (newest
    first, with requirement counts); 404 without ``catalogue.view``."""
    if not lots_access.has_perm_anywhere(request.user, "catalogue.view"):
        raise Http404
    return CATALOGUES.bind(request.user, request.GET)


@login_required
def catalogue_list(request):
    return render(
        request,
        "requirements/catalogue_list.html",
        {
            "page_obj": _catalogues(request).page(request.GET.get("page")),
            "can_import": bool(access.change_municipality_ids(request.user, "catalogue.change")),
            "query": list_query(request),
        },
    )


@login_required
def catalogue_export(request, fmt: str):
    """The catalogue list as Excel or CSV: the same catalogues in the same order, described by their latest version."""
    if fmt not in FORMATS:
        raise Http404
    headers = [
        _("Katalog"),
        _("Utfärdare"),
        _("Gäller"),
        _("Senaste version"),
        _("Versionens datum"),
        _("Ärendenummer"),
        _("Krav"),
        _("Versioner"),
    ]
    rows = []
    for catalogue in _catalogues(request).rows():
        latest = catalogue.version_list[0] if catalogue.version_list else None
        rows.append(
            [
                catalogue.title,
                catalogue.issuer,
                catalogue.municipality.name if catalogue.municipality else _("Alla kommuner"),
                (latest.label or str(latest.number)) if latest else "",
                latest.issued_on if latest else None,
                latest.reference if latest else "",
                latest.requirement_count if latest else 0,
                len(catalogue.version_list),
            ]
        )
    audit.record_export(actor=request.user, what=_("kravkataloger"), count=len(rows), query=request.GET.urlencode())
    today = timezone.localdate()
    return table_response(fmt, f"kravkataloger-{today:%Y-%m-%d}", headers, rows, title=_("Kravkataloger"))


@login_required
def catalogue_detail(request, pk: int):
    catalogue = access.get_catalogue(request.user, pk)
    versions = list(catalogue.versions.annotate(requirement_count=Count("requirements")).order_by("-number"))
    if not versions:
        raise Http404
    return render(
        request,
        "requirements/catalogue_detail.html",
        {
            "catalogue": catalogue,
            "versions": versions,
            "latest": versions[0],
            "tree": _tree(versions[0]),
            "can_change": access.can_change_catalogue(request.user, catalogue),
        },
    )


def _version(request, pk) -> CatalogueVersion:
    try:
        version = CatalogueVersion.objects.select_related("catalogue__municipality").get(pk=pk)
    except (CatalogueVersion.DoesNotExist, ValueError):
        raise Http404 from None
    access.get_catalogue(request.user, version.catalogue_id)
    return version


def _tree(version: CatalogueVersion) -> list[dict]:
    """Sections in order, each with its requirements: two queries whatever the size."""
    sections = list(version.sections.order_by("position"))
    by_section: dict[int, list[Requirement]] = {s.pk: [] for s in sections}
    for requirement in version.requirements.order_by("position"):
        by_section[requirement.section_id].append(requirement)
    return [{"section": s, "requirements": by_section[s.pk]} for s in sections]


@login_required
def version_detail(request, pk: int):
    version = _version(request, pk)
    return render(
        request,
        "requirements/version_detail.html",
        {"version": version, "catalogue": version.catalogue, "tree": _tree(version), "previous": version.previous()},
    )


@login_required
def version_changes(request, pk: int):
    version = _version(request, pk)
    previous = version.previous()
    if previous is None:
        raise Http404
    changes = diff.version_changes(
        list(previous.requirements.select_related("section").order_by("position")),
        list(version.requirements.select_related("section").order_by("position")),
    )
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "changed", "removed")}
    return render(
        request,
        "requirements/version_changes.html",
        {"version": version, "previous": previous, "catalogue": version.catalogue, "changes": changes, "counts": counts},
    )


@login_required
def version_yaml(request, pk: int):
    """The version in the catalogue file format, to keep in the repository or load elsewhere."""
    version = _version(request, pk)
    data = services.version_data(version)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(version.catalogue.key)}-{version.number}.yaml"'
    return response


# --- Import -----------------------------------------------------------------------------


def _import_municipalities(user) -> list[Municipality]:
    ids = access.change_municipality_ids(user, "catalogue.change")
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


def _require_import_rights(user) -> list[Municipality]:
    municipalities = _import_municipalities(user)
    if not municipalities:
        if lots_access.has_perm_anywhere(user, "catalogue.view"):
            raise PermissionDenied
        raise Http404
    return municipalities


@login_required
def import_upload(request):
    municipalities = _require_import_rights(request.user)
    form = ImportUploadForm(posted(request), request.FILES if request.method == "POST" else None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        municipality = form.cleaned_data.get("municipality") or municipalities[0]
        data = upload.read()
        try:
            parsed = parse_document(data, upload.name)
        except UnreadableDocument as error:
            form.add_error("document", str(error))
        else:
            if not parsed.requirements():
                form.add_error("document", _("Hittade inga krav i dokumentet. Kontrollera att det är ett kravdokument."))
            else:
                draft = services.import_draft_create(
                    actor=request.user,
                    municipality=municipality,
                    filename=upload.name,
                    fmt=parsed.format,
                    sha256=hashlib.sha256(data).hexdigest(),
                    data=json_safe(parsed.to_data()),
                )
                return redirect("requirements:import_preview", pk=draft.pk)
    return render(request, "requirements/import_upload.html", {"form": form}, status=form_status(form))


def json_safe(data: dict) -> dict:
    """Dates as ISO text, so the draft can be stored as JSON."""
    return {**data, "date": data["date"].isoformat() if hasattr(data.get("date"), "isoformat") else data.get("date")}


def _draft(request, pk) -> ImportDraft:
    _require_import_rights(request.user)
    try:
        return ImportDraft.objects.select_related("municipality").get(pk=pk, created_by=request.user)
    except (ImportDraft.DoesNotExist, ValueError):
        raise Http404 from None


def _suggested(catalogues: list[Catalogue], title: str, key: str = "") -> Catalogue | None:
    """The catalogue with the file's key (a downloaded catalogue version), else the one with the same title."""
    if key:
        same_key = next((c for c in catalogues if c.key == key), None)
        if same_key is not None:
            return same_key
    wanted = title.strip().casefold()
    return next((c for c in catalogues if c.title.strip().casefold() == wanted), None)


@login_required
def import_preview(request, pk: int):
    draft = _draft(request, pk)
    catalogues = list(Catalogue.objects.filter(municipality=draft.municipality).order_by("title"))
    suggested = _suggested(catalogues, draft.data["title"], draft.data.get("key") or "")
    form = ImportPreviewForm(posted(request), data_tree=draft.data, catalogues=catalogues, suggested=suggested)
    if request.method == "POST" and request.POST.get("repair"):
        return _repair(request, draft, form, catalogues)

    def save(data):
        target = data["target"]
        catalogue = None if target == form.NEW else next((c for c in catalogues if str(c.pk) == target), None)
        imported = services.catalogue_import(
            actor=request.user,
            municipality=draft.municipality,
            data=form.corrected_tree(),
            catalogue=catalogue,
            source_sha256=draft.sha256,
        )
        services.import_draft_delete(actor=request.user, draft=draft)
        return imported

    def after(imported):
        catalogue, version = imported
        if version is None:
            messages.warning(request, _("Dokumentet har samma innehåll som den senaste versionen. Ingenting sparades."))
            return reverse("requirements:catalogue", args=[catalogue.pk])
        if version.number > 1:
            messages.success(
                request, _("Version %(n)s är sparad. Här är skillnaderna mot förra versionen.") % {"n": version.number}
            )
            return reverse("requirements:version_changes", args=[version.pk])
        messages.success(request, _("Kravkatalogen är sparad."))
        return reverse("requirements:version", args=[version.pk])

    return edit_form(
        request,
        form,
        save,
        template="requirements/import_preview.html",
        context=lambda: {
            "draft": draft,
            "format": format_label(draft.format),
            "requirement_count": sum(len(section["requirements"]) for section, _depth in walk(draft.data["sections"])),
        },
        success=None,
        redirect_to=after,
    )


_REPAIRED = {
    "heading": gettext_lazy("Kravet är nu en rubrik; kraven efter det ligger under den."),
    "requirement": gettext_lazy("Rubriken är nu ett krav i avsnittet före."),
    "up": gettext_lazy("Kravet är flyttat uppåt."),
    "down": gettext_lazy("Kravet är flyttat nedåt."),
    "merge": gettext_lazy("Kraven är sammanslagna."),
    "split": gettext_lazy("Kravet är delat."),
}


def _repair(request, draft: ImportDraft, form, catalogues):
    """One structure repair ("heading:12", "merge:3" …) on what the person has typed; the page comes back with it made.

    Everything typed is kept: the repair is made on the typed values and they are stored in
    the draft. A repair that cannot be made comes back as a 422 with the message at the requirement.
    """
    operation, _sep, number = request.POST["repair"].partition(":")
    try:
        index = int(number)
        if operation not in repair.OPERATIONS or not 0 <= index < 100_000:
            raise ValueError
    except ValueError:
        return HttpResponseBadRequest(_("Okänd ändring."))
    tree = form.typed_tree()
    try:
        repaired = repair.apply(tree, operation, index)
    except repair.RepairError as error:
        anchor = f"s{index}" if operation == "requirement" else f"r{index}"
        field = f"{anchor}-title" if operation == "requirement" else f"{anchor}-text"
        if field in form.fields:
            form.add_error(field, str(error))
        else:
            form.add_error(None, str(error))
        context = {
            "form": form,
            "draft": draft,
            "format": format_label(draft.format),
            "requirement_count": sum(len(section["requirements"]) for section, _depth in walk(draft.data["sections"])),
        }
        return render(request, "requirements/import_preview.html", context, status=422)
    services.import_draft_update(actor=request.user, draft=draft, data=json_safe(repaired))
    messages.success(request, _REPAIRED[operation])
    anchor = {"up": f"r{index - 1}", "down": f"r{index + 1}", "merge": f"r{index}", "split": f"r{index}"}.get(operation)
    return redirect(reverse("requirements:import_preview", args=[draft.pk]) + f"#{anchor or 'structure'}")


@login_required
@require_POST
def import_discard(request, pk: int):
    draft = _draft(request, pk)
    services.import_draft_delete(actor=request.user, draft=draft)
    messages.success(request, _("Inläsningen är avbruten. Ingenting sparades."))
    return redirect("requirements:catalogues")
