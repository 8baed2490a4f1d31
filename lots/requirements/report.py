"""The follow-up report (*uppföljningsrapport*): one content, two outputs.

PDF (WeasyPrint, via lots.lib.pdf) to send, DOCX (python-docx) to edit. Interview
notes are the team's working notes and stay out of the report; everything else the
provider is entitled to see is in it.
"""

import io

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lots.lib.pdf import render_pdf
from lots.requirements import results
from lots.requirements.models import Assessment, FollowUp

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_context(follow_up: FollowUp) -> dict:
    assessments = list(
        follow_up.assessments.select_related("requirement__section")
        .prefetch_related("attachments")
        .order_by("requirement__position")
    )
    actions = {a.assessment_id: a for a in follow_up.demanded_actions.all()}
    for assessment in assessments:
        assessment.action = actions.get(assessment.pk)
    result = results.result_of(assessments)
    team = [follow_up.lead, *[u for u in follow_up.team.order_by("first_name", "last_name") if u.pk != follow_up.lead_id]]
    return {
        "follow_up": follow_up,
        "catalogue_version": follow_up.catalogue_version,
        "result": result,
        "comparison": results.compare(follow_up, assessments),
        "actions": sorted(actions.values(), key=lambda a: (a.assessment.requirement.position, a.pk)),
        "team": team,
        "report_date": follow_up.completed_on or timezone.localdate(),
        "draft": not follow_up.is_completed,
        "shows_self_assessment": follow_up.uses_self_assessment,
        "statuses": results.ORDER,
    }


def filename(follow_up: FollowUp, extension: str) -> str:
    day = follow_up.completed_on or timezone.localdate()
    return f"uppfoljning-{slugify(follow_up.target_name)[:50]}-{day:%Y-%m-%d}.{extension}"


def render_report_pdf(follow_up: FollowUp) -> bytes:
    return render_pdf("requirements/report_pdf.html", report_context(follow_up))


def archive_pdf(follow_up: FollowUp) -> bytes:
    """The completed follow-up's report, kept as PDF/A (lots.archive): in Swedish, the record, whoever asks."""
    from lots.archive.renderers import PDF_VARIANT

    with translation.override("sv"):
        return render_pdf("requirements/report_pdf.html", report_context(follow_up), variant=PDF_VARIANT)


def _status_label(status: str) -> str:
    return str(dict(Assessment.Status.choices)[status])


def render_report_docx(follow_up: FollowUp) -> bytes:
    from docx import Document
    from docx.shared import Pt

    ctx = report_context(follow_up)
    version = ctx["catalogue_version"]
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(_("Uppföljningsrapport (utkast)") if ctx["draft"] else _("Uppföljningsrapport"), level=0)
    doc.add_paragraph(follow_up.title)

    facts = [
        (
            _("Utförare") if follow_up.provider_id else _("Enhet"),
            follow_up.target_name + (f", {follow_up.provider.organisation_number}" if follow_up.provider_id else ""),
        ),
        (_("Avtal"), str(follow_up.contract.title) if follow_up.contract_id else "–"),
        (_("Kravkatalog"), f"{version.catalogue.title}, {version.display_label}"),
        (_("Period"), f"{follow_up.period_start:%Y-%m-%d} – {follow_up.period_end:%Y-%m-%d}"),
        (_("Metoder"), ", ".join(follow_up.method_labels())),
        (_("Uppföljningsgrupp"), ", ".join(str(u) for u in ctx["team"])),
        (_("Ansvarig enhet"), follow_up.responsible_unit.name),
        (_("Rapportdatum"), f"{ctx['report_date']:%Y-%m-%d}"),
    ]
    if follow_up.previous_id:
        facts.append((_("Återuppföljning av"), f"{follow_up.previous.title}"))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        row = table.add_row().cells
        row[0].text, row[1].text = label, value

    doc.add_heading(_("Sammanfattande bedömning"), level=1)
    for paragraph in (follow_up.summary or "–").split("\n\n"):
        doc.add_paragraph(paragraph.strip())

    overall = ctx["result"].overall
    doc.add_heading(_("Resultat"), level=1)
    doc.add_paragraph(
        ngettext("%(n)s krav följdes upp.", "%(n)s krav följdes upp.", overall.total) % {"n": overall.total}
        + " "
        + (
            _("Andel uppfyllt: %(score)s %%.") % {"score": overall.score}
            if overall.score is not None
            else _("Inget krav är bedömt ännu.")
        )
    )
    headers = [_("Avsnitt"), _("Uppfyllt"), _("Delvis"), _("Ej uppfyllt"), _("Ej tillämpligt"), _("Ej bedömt"), _("Andel")]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for entry in [*ctx["result"].sections, None]:
        tally = entry.tally if entry else overall
        name = str(entry.section) if entry else _("Totalt")
        values = [name, *[str(tally.counts[s]) for s in results.ORDER], f"{tally.score} %" if tally.score is not None else "–"]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text

    comparison = ctx["comparison"]
    if comparison is not None:
        doc.add_heading(_("Jämfört med föregående uppföljning"), level=1)
        previous = comparison.previous
        doc.add_paragraph(
            _("Föregående uppföljning: %(title)s (%(date)s). Andel uppfyllt för samma krav: %(before)s då, %(after)s nu.")
            % {
                "title": previous.title,
                "date": f"{previous.completed_on:%Y-%m-%d}",
                "before": _score(comparison.before),
                "after": _score(comparison.after),
            }
        )
        for row in comparison.changed:
            word = _("Bättre") if row.trend == "better" else _("Sämre")
            doc.add_paragraph(
                f"{word}: {row.assessment.requirement.text} "
                f"({_status_label(row.before)} → {_status_label(row.assessment.status)})",
                style="List Bullet",
            )

    doc.add_heading(_("Krav på åtgärder"), level=1)
    if ctx["actions"]:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [_("Krav"), _("Åtgärd som krävs"), _("Senast")], strict=True):
            cell.text = text
        for action in ctx["actions"]:
            row = table.add_row().cells
            row[0].text = action.assessment.requirement.text
            row[1].text = action.text
            row[2].text = f"{action.due_date:%Y-%m-%d}"
    else:
        doc.add_paragraph(_("Uppföljningen ledde inte till några krav på åtgärder."))

    doc.add_heading(_("Bedömning krav för krav"), level=1)
    for entry in ctx["result"].sections:
        doc.add_heading(str(entry.section), level=2)
        for assessment in entry.assessments:
            requirement = assessment.requirement
            paragraph = doc.add_paragraph(style="List Number")
            paragraph.add_run(requirement.text)
            if requirement.references:
                paragraph.add_run(f" ({'; '.join(requirement.references)})")
            line = doc.add_paragraph()
            line.add_run(_("Bedömning:") + " ").bold = True
            line.add_run(_status_label(assessment.status))
            if ctx["shows_self_assessment"]:
                line.add_run(
                    ". " + _("Utförarens självskattning: %(status)s") % {"status": _status_label(assessment.self_status)}
                )
            if assessment.comment:
                doc.add_paragraph(assessment.comment)
            if assessment.action is not None:
                demand = doc.add_paragraph()
                demand.add_run(_("Krav på åtgärd:") + " ").bold = True
                demand.add_run(
                    assessment.action.text + " " + _("Senast %(d)s.") % {"d": f"{assessment.action.due_date:%Y-%m-%d}"}
                )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _score(tally) -> str:
    return f"{tally.score} %" if tally.score is not None else "–"
