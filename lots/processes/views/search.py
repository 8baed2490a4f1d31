from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from lots import access
from lots.processes import access as paccess
from lots.processes.forms import SearchForm
from lots.processes.models import Process, Routine
from lots.processes.search import search_processes, search_routines, uses_postgres_search

MAX_HITS = 50


@login_required
def search(request):
    if not access.has_perm_anywhere(request.user, "process.view") and not access.has_perm_anywhere(request.user, "routine.view"):
        raise Http404
    form = SearchForm(request.GET or None)
    processes = routines = []
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        processes = list(search_processes(paccess.visible(Process.objects.all(), request.user, "process.view"), query)[:MAX_HITS])
        routines = list(
            search_routines(paccess.visible(Routine.objects.all(), request.user, "routine.view"), query).select_related(
                "current_version"
            )[:MAX_HITS]
        )
    return render(
        request,
        "processes/search.html",
        {"form": form, "query": query, "processes": processes, "routines": routines, "full_text": uses_postgres_search()},
    )
