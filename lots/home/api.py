"""API: "Mina uppgifter", everything due or overdue for the token's owner, from every module."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Schema

from lots.api.router import Router
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.home.my_tasks import tasks_for

PREFIX = "/"
router = Router(tags=["Mina uppgifter"])


class MyTaskOut(Schema):
    title: str
    due: datetime.date
    url: str
    module: str
    unit_name: str
    overdue: bool


@router.get(
    "/tasks",
    response=list[MyTaskOut],
    summary="Mina uppgifter: allt som förfaller eller är försenat, från alla moduler",
    openapi_extra=API_LIST_OPENAPI,
)
def my_tasks(request, response: HttpResponse, params: Paging = Query(...)):
    today = timezone.localdate()
    return [
        {
            "title": t.title,
            "due": t.due,
            "url": t.url,
            "module": t.module,
            "unit_name": t.unit_name,
            "overdue": t.is_overdue(today),
        }
        for t in api_window(tasks_for(request.auth, today), params, response)
    ]
