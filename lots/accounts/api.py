from ninja import Schema

from lots.access import assignments_of
from lots.api.router import Router

router = Router(tags=["Personer"])


class AssignmentOut(Schema):
    role: str
    role_name: str
    unit_id: int | None
    unit_name: str | None
    provider_id: int | None
    include_subunits: bool


class MeOut(Schema):
    id: int
    username: str
    name: str
    email: str
    assignments: list[AssignmentOut]


@router.get("/me", response=MeOut, summary="Den inloggade personen och dess roller")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "assignments": [
            {
                "role": a.role,
                "role_name": a.get_role_display(),
                "unit_id": a.unit_id,
                "unit_name": a.unit.name if a.unit else None,
                "provider_id": a.provider_id,
                "include_subunits": a.include_subunits,
            }
            for a in assignments_of(user)
        ],
    }
