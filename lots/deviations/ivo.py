"""The completed IVO notification as a PDF: the fields of the form attached to SOSFS 2011:5, with the investigation attached."""

from django.utils import timezone, translation

from lots.deviations.models import DeviationSettings, IvoNotification, LexSarahInvestigation
from lots.improvements.models import ImprovementAction
from lots.lib.pdf import render_pdf
from lots.organisation.models import Unit
from lots.risks.models import RiskScale


def provider_name(config: DeviationSettings, unit: Unit) -> str:
    """The board or provider answering for the service: the setting, else the nämnd at the top of the unit's tree."""
    if config.provider_name:
        return config.provider_name
    board = Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=Unit.Kind.NAMND).order_by("depth").first()
    return board.name if board else unit.municipality.name


def ivo_context(notification: IvoNotification) -> dict:
    deviation = notification.deviation
    config = DeviationSettings.for_municipality(deviation.municipality)
    investigation = LexSarahInvestigation.objects.filter(deviation=deviation).select_related("completed_by", "started_by").first()
    scale = RiskScale.for_municipality(deviation.municipality)
    return {
        "notification": notification,
        "deviation": deviation,
        "investigation": investigation,
        "config": config,
        "provider_name": provider_name(config, deviation.unit),
        "unit_path": " › ".join(u.name for u in [*deviation.unit.ancestors(), deviation.unit]),
        "risk_level": deviation.risk_level(scale),
        "actions": list(ImprovementAction.objects.for_source(deviation).select_related("owner")),
        "generated_at": timezone.localtime(),
    }


def ivo_pdf(notification: IvoNotification) -> bytes:
    return render_pdf("deviations/pdf/ivo_notification.html", ivo_context(notification))


def archive_pdf(notification: IvoNotification) -> bytes:
    """The notification as sent, kept as PDF/A (lots.archive): the record, in Swedish whoever registered the sending."""
    from lots.archive.renderers import PDF_VARIANT

    with translation.override("sv"):
        return render_pdf("deviations/pdf/ivo_notification.html", ivo_context(notification), variant=PDF_VARIANT)
