import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lots.accounts.models import Role
from lots.processes import access as paccess
from lots.processes import services
from lots.processes.models import Process, Routine
from lots.processes.search import search_processes, search_routines
from lots.processes.tests.helpers import make_process, make_routine


@pytest.fixture
def texts(world):
    make_routine(world, world.own, title="Skyddsbedömning", body="Bedömningen görs samma dag som anmälan kommer in.")
    make_routine(world, world.own, title="Barnsamtal", body="Samtalet med barnet dokumenteras.")
    make_routine(world, world.other, title="Annan avdelnings bedömningar", body="Bedömningen görs här också.")
    make_process(world, world.own, name="Mottagning barn och unga", steps=("Förhandsbedömning", "Skyddsbedömning"))
    make_process(world, world.own, name="Ekonomiskt bistånd", steps=("Ansökan", "Utbetalning"))


def titles(queryset):
    return sorted(getattr(obj, "title", None) or obj.name for obj in queryset)


def test_inflected_words_find_their_base_form(world, texts):
    # "bedömningar" (plural) finds "Bedömningen" (definite singular): a Swedish stemmer on PostgreSQL,
    # a stem cut on SQLite; either way the same hits.
    assert titles(search_routines(Routine.objects.filter(municipality=world.m1), "bedömningar")) == [
        "Annan avdelnings bedömningar",
        "Skyddsbedömning",
    ]


def test_a_part_of_a_compound_word_is_found(world, texts):
    assert titles(search_processes(Process.objects.all(), "skydd")) == ["Mottagning barn och unga"]
    assert titles(search_processes(Process.objects.all(), "utbetalning")) == ["Ekonomiskt bistånd"]


def test_every_word_must_match(world, texts):
    assert titles(search_routines(Routine.objects.all(), "samtalet barnet")) == ["Barnsamtal"]
    assert titles(search_routines(Routine.objects.all(), "samtalet utbetalning")) == []


def test_case_and_swedish_letters_do_not_matter(world, texts):
    assert titles(search_processes(Process.objects.all(), "EKONOMISKT BISTÅND")) == ["Ekonomiskt bistånd"]


def test_an_empty_query_finds_nothing(world, texts):
    assert list(search_routines(Routine.objects.all(), " , ")) == []


def test_search_only_shows_what_the_person_may_see(world, texts, client_for):
    user = world.persona(Role.MEDARBETARE)
    visible = paccess.visible(Routine.objects.all(), user, "routine.view")
    assert titles(search_routines(visible, "bedömningen")) == ["Skyddsbedömning"]
    page = client_for(user).get(reverse("processes:search"), {"q": "bedömningen"}).content.decode()
    assert "Skyddsbedömning" in page
    assert "Annan avdelnings" not in page


def test_the_text_of_a_new_version_is_searchable(world):
    routine = make_routine(world, world.own, body="Gammal text.")
    chief = world.persona(Role.ENHETSCHEF)
    draft = services.routine_draft_start(actor=chief, routine=routine)
    services.routine_draft_update(
        actor=chief, draft=draft, expected_version=draft.version, body="Helt ny formulering.", change_summary=""
    )
    assert list(search_routines(Routine.objects.all(), "formulering")) == []
    services.routine_establish(actor=chief, draft=draft)
    assert titles(search_routines(Routine.objects.all(), "formulering")) == [routine.title]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Full-text search with the Swedish configuration runs on PostgreSQL"
)
def test_postgresql_uses_full_text_search_with_the_swedish_configuration(world, texts):
    with CaptureQueriesContext(connection) as queries:
        hits = titles(search_routines(Routine.objects.all(), "samtal"))
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "to_tsvector" in sql and "'swedish'" in sql
    assert "websearch_to_tsquery" in sql
    assert hits == ["Barnsamtal"]
