"""API: catalogues (with versions and their differences), follow-ups and their assessments.

The same access rules as the web pages: an external provider's token sees only its
own follow-ups, and the municipality's assessments only once a follow-up is completed.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Query, Schema

from lots import access as lots_access
from lots.api.router import Router
from lots.api.schemas import Day, Id, IntegrityConfirmed, StrictSchema, Version
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.requirements import access, diff, results, services
from lots.requirements.lists import CATALOGUES, FOLLOW_UPS
from lots.requirements.models import Assessment, CatalogueVersion, DemandedAction, FollowUp

router = Router(tags=["Krav och uppföljning"])


class VersionSummary(Schema):
    id: int
    number: int
    label: str
    issued_on: datetime.date | None
    source_document: str


class CatalogueOut(Schema):
    id: int
    key: str
    title: str
    issuer: str
    municipality_id: int | None
    versions: list[VersionSummary]

    @staticmethod
    def resolve_versions(obj):
        if hasattr(obj, "version_list"):  # the list loads them newest first
            return obj.version_list
        return sorted(obj.versions.all(), key=lambda v: -v.number)


class RequirementOut(Schema):
    id: int
    lineage: int
    position: int
    text: str
    strength: str
    binds: str
    references: list[str]


class CatalogueSectionOut(Schema):
    id: int
    parent_id: int | None
    position: int
    depth: int
    number: str
    title: str
    description: str
    requirements: list[RequirementOut]


class VersionOut(VersionSummary):
    catalogue_id: int
    catalogue_title: str
    description: str
    sections: list[CatalogueSectionOut]


class ChangeOut(Schema):
    kind: str
    fields: list[str]
    old: RequirementOut | None
    new: RequirementOut | None


@router.get(
    "/catalogues",
    response=list[CatalogueOut],
    summary="Kravkataloger som du har behörighet till",
    description="Samma ordning och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_catalogues(request, response: HttpResponse, params: CATALOGUES.api_query = Query(...)):
    return CATALOGUES.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/catalogues/{catalogue_id}", response=CatalogueOut)
def get_catalogue(request, catalogue_id: Id):
    return access.get_catalogue(request.auth, catalogue_id)


def _version(user, version_id: int) -> CatalogueVersion:
    try:
        version = CatalogueVersion.objects.select_related("catalogue").get(pk=version_id)
    except CatalogueVersion.DoesNotExist:
        raise Http404 from None
    access.get_catalogue(user, version.catalogue_id)
    return version


@router.get("/catalogue-versions/{version_id}", response=VersionOut, summary="En version med avsnitt och krav")
def get_version(request, version_id: Id):
    version = _version(request.auth, version_id)
    sections = list(version.sections.order_by("position"))
    by_section: dict[int, list] = {s.pk: [] for s in sections}
    for requirement in version.requirements.order_by("position"):
        by_section[requirement.section_id].append(requirement)
    return {
        "id": version.pk,
        "number": version.number,
        "label": version.label,
        "issued_on": version.issued_on,
        "source_document": version.source_document,
        "catalogue_id": version.catalogue_id,
        "catalogue_title": version.catalogue.title,
        "description": version.description,
        "sections": [
            {
                "id": s.pk,
                "parent_id": s.parent_id,
                "position": s.position,
                "depth": s.depth,
                "number": s.number,
                "title": s.title,
                "description": s.description,
                "requirements": by_section[s.pk],
            }
            for s in sections
        ],
    }


@router.get(
    "/catalogue-versions/{version_id}/changes",
    response=list[ChangeOut],
    summary="Ändringar mot förra versionen",
    openapi_extra=API_LIST_OPENAPI,
)
def get_version_changes(request, response: HttpResponse, version_id: Id, params: Paging = Query(...)):
    version = _version(request.auth, version_id)
    previous = version.previous()
    if previous is None:
        return api_window([], params, response)
    changes = diff.version_changes(
        list(previous.requirements.select_related("section").order_by("position")),
        list(version.requirements.select_related("section").order_by("position")),
    )
    return [{"kind": c.kind, "fields": c.fields, "old": c.old, "new": c.new} for c in api_window(changes, params, response)]


# --- Follow-ups ---------------------------------------------------------------------------


class SectionResultOut(Schema):
    section_id: int
    title: str
    counts: dict[str, int]
    score: int | None


class FollowUpOut(Schema):
    id: int
    title: str
    status: str
    provider_id: int | None
    unit_id: int | None
    contract_id: int | None
    catalogue_version_id: int
    period_start: datetime.date
    period_end: datetime.date
    methods: list[str]
    lead_id: int
    self_assessment_due: datetime.date | None
    completed_on: datetime.date | None
    previous_id: int | None
    version: int


class FollowUpDetail(FollowUpOut):
    summary: str | None
    score: int | None
    counts: dict[str, int] | None
    sections: list[SectionResultOut] | None


class AssessmentOut(Schema):
    id: int
    requirement_id: int
    section_id: int
    text: str
    status: str | None
    comment: str | None
    self_status: str
    self_comment: str
    demanded_action: str | None
    action_due: datetime.date | None
    version: int


class AssessmentPatch(StrictSchema):
    version: Version
    status: Assessment.Status
    comment: str = ""
    interview_notes: str = ""
    action_text: str = ""
    action_due: Day | None = None
    integrity_confirmed: IntegrityConfirmed = False


class SelfAssessmentPatch(StrictSchema):
    version: Version
    self_status: Assessment.Status
    self_comment: str = ""
    integrity_confirmed: IntegrityConfirmed = False


@router.get(
    "/follow-ups",
    response=list[FollowUpOut],
    summary="Uppföljningar som du har behörighet till",
    description="Samma filter, ordning (senaste period först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_follow_ups(request, response: HttpResponse, params: FOLLOW_UPS.api_query = Query(...)):
    return FOLLOW_UPS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/follow-ups/{follow_up_id}", response=FollowUpDetail)
def get_follow_up(request, follow_up_id: Id):
    follow_up = access.get_follow_up(request.auth, follow_up_id)
    data = FollowUpOut.from_orm(follow_up).model_dump()
    if not access.sees_assessments(request.auth, follow_up):
        return {**data, "summary": None, "score": None, "counts": None, "sections": None}
    result = results.result_of(list(follow_up.assessments.select_related("requirement__section")))
    return {
        **data,
        "summary": follow_up.summary,
        "score": result.overall.score,
        "counts": {str(k): v for k, v in result.overall.counts.items()},
        "sections": [
            {
                "section_id": e.section.pk,
                "title": str(e.section),
                "counts": {str(k): v for k, v in e.tally.counts.items()},
                "score": e.tally.score,
            }
            for e in result.sections
        ],
    }


def _assessment_out(assessment: Assessment, sees: bool, actions: dict) -> dict:
    action = actions.get(assessment.pk) if sees else None
    return {
        "id": assessment.pk,
        "requirement_id": assessment.requirement_id,
        "section_id": assessment.requirement.section_id,
        "text": assessment.requirement.text,
        "status": assessment.status if sees else None,
        "comment": assessment.comment if sees else None,
        "self_status": assessment.self_status,
        "self_comment": assessment.self_comment,
        "demanded_action": action.text if action else None,
        "action_due": action.due_date if action else None,
        "version": assessment.version,
    }


@router.get(
    "/follow-ups/{follow_up_id}/assessments",
    response=list[AssessmentOut],
    summary="Bedömningarna krav för krav",
    openapi_extra=API_LIST_OPENAPI,
)
def list_assessments(request, response: HttpResponse, follow_up_id: Id, params: Paging = Query(...)):
    follow_up = access.get_follow_up(request.auth, follow_up_id)
    sees = access.sees_assessments(request.auth, follow_up)
    actions = {a.assessment_id: a for a in DemandedAction.objects.filter(follow_up=follow_up)}
    assessments = follow_up.assessments.select_related("requirement").order_by("requirement__position", "pk")
    return [_assessment_out(a, sees, actions) for a in api_window(assessments, params, response)]


def _assessment(user, assessment_id: int, **kwargs) -> tuple[FollowUp, Assessment]:
    try:
        follow_up_id = Assessment.objects.values_list("follow_up_id", flat=True).get(pk=assessment_id)
    except Assessment.DoesNotExist:
        raise Http404 from None
    follow_up = access.get_follow_up(user, follow_up_id, **kwargs)
    return follow_up, access.get_assessment(user, follow_up, assessment_id)


@router.patch("/assessments/{assessment_id}", response=AssessmentOut, summary="Kommunens bedömning av ett krav")
def patch_assessment(request, assessment_id: Id, payload: AssessmentPatch):
    follow_up, assessment = _assessment(request.auth, assessment_id, write=True)
    services.assessments_save(
        actor=request.auth,
        follow_up=follow_up,
        entries=[
            services.AssessmentEntry(
                assessment=assessment,
                expected_version=payload.version,
                status=payload.status,
                comment=payload.comment,
                interview_notes=payload.interview_notes,
                action_text=payload.action_text,
                action_due=payload.action_due,
                integrity_confirmed=payload.integrity_confirmed,
            )
        ],
    )
    assessment.refresh_from_db()
    actions = {a.assessment_id: a for a in DemandedAction.objects.filter(assessment=assessment)}
    return _assessment_out(assessment, True, actions)


@router.patch("/assessments/{assessment_id}/self", response=AssessmentOut, summary="Utförarens självskattning av ett krav")
def patch_self_assessment(request, assessment_id: Id, payload: SelfAssessmentPatch):
    if not lots_access.has_perm_anywhere(request.auth, "followup.self_assess"):
        raise Http404
    follow_up, assessment = _assessment(request.auth, assessment_id, self_assess=True)
    if not follow_up.self_assessment_open:
        raise PermissionDenied
    services.self_assessment_save(
        actor=request.auth,
        follow_up=follow_up,
        entries=[
            services.SelfEntry(
                assessment, payload.version, payload.self_status, payload.self_comment, payload.integrity_confirmed
            )
        ],
    )
    assessment.refresh_from_db()
    return _assessment_out(assessment, access.sees_assessments(request.auth, follow_up), {})
