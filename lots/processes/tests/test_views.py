from django.urls import reverse

from lots.accounts.models import Role
from lots.processes import services
from lots.processes.models import Process, Routine, RoutineVersion
from lots.processes.tests.helpers import make_process, make_routine


def test_the_register_lists_processes_by_type_in_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona(Role.ENHETSCHEF))
    make_process(world, world.own, name="Första")
    client.get(reverse("processes:index"))
    for n in range(3):
        make_process(world, world.sub, name=f"Process {n}")
    # session, user, roles, processes, their units, collaboration without a written agreement (lots.agreements),
    # the processes lacking indicators with targets (lots.indicators), session update (in a savepoint)
    with django_assert_num_queries(10):
        page = client.get(reverse("processes:index")).content.decode()
    assert "Verksamhetsprocesser" in page and "Process 2" in page


def test_the_routine_list_runs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona(Role.MEDARBETARE))
    make_routine(world, world.own, title="Första")
    client.get(reverse("processes:routines"))
    for n in range(3):
        make_routine(world, world.own, title=f"Rutin {n}")
    # session, user, roles, count, the page's ids, its routines, their units and processes, units for the filter,
    # session update (in a savepoint)
    with django_assert_num_queries(12):
        page = client.get(reverse("processes:routines")).content.decode()
    assert "Rutin 2" in page


def test_the_process_page_draws_the_steps_with_their_routines_and_collaboration(world, client_for):
    process = make_process(world, world.own, steps=("Aktualisering", "Förhandsbedömning", "Skyddsbedömning"))
    routine = make_routine(world, world.own, title="Skyddsbedömning samma dag")
    step = process.activities.get(position=3)
    routine.activities.add(step)
    services.collaboration_create(actor=None, process=process, partner="Polisen", kind="external", activity=step)
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("processes:detail", args=[process.pk])).content.decode()
    flow = page[page.index('<ol class="flow">') : page.index("</ol>", page.index('<ol class="flow">'))]
    assert flow.index("Aktualisering") < flow.index("Förhandsbedömning") < flow.index("Skyddsbedömning")
    third = flow[flow.index(f'id="steg-{step.pk}"') :]
    assert "Skyddsbedömning samma dag" in third and "Polisen" in third


def test_the_map_is_also_a_pdf(world, client_for):
    process = make_process(world, world.own)
    response = client_for(world.persona(Role.GRANSKARE)).get(reverse("processes:map_pdf", args=[process.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_process_form_keeps_input_and_shows_errors_at_the_field(world, client_for):
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        reverse("processes:create"), {"name": "Utan enhet", "kind": "core"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Välj minst en enhet." in page
    assert 'value="Utan enhet"' in page
    assert not Process.objects.exists()


def test_a_stale_process_edit_keeps_the_input_and_says_why(world, client_for):
    process = make_process(world, world.own)
    client = client_for(world.persona(Role.ENHETSCHEF))
    data = {"name": "Mitt namn", "kind": "core", "units": [world.own.pk], "version": process.version}
    services.process_update(actor=None, process=process, expected_version=process.version, name="Någon annans")
    response = client.post(reverse("processes:edit", args=[process.pk]), data)
    assert response.status_code == 409
    assert "Någon annan har sparat" in response.content.decode()
    assert 'value="Mitt namn"' in response.content.decode()
    assert Process.objects.get(pk=process.pk).name == "Någon annans"


def test_a_routine_text_typed_with_script_is_saved_without_it(world, client_for):
    routine = make_routine(world, world.own)
    client = client_for(world.persona(Role.ENHETSCHEF))
    client.post(reverse("processes:draft", args=[routine.pk]))
    draft = RoutineVersion.objects.get(routine=routine, status="draft")
    body = '<p onmouseover="alert(1)">Ny text</p><script>alert("x")</script><a href="javascript:alert(2)">länk</a>'
    response = client.post(
        reverse("processes:draft", args=[routine.pk]), {"body": body, "change_summary": "Ny", "version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body_html == '<p>Ny text</p><a rel="noopener noreferrer">länk</a>'
    compare = client.get(reverse("processes:compare", args=[routine.pk])).content.decode()
    assert "<script>alert" not in compare and "onmouseover" not in compare
    assert "<ins>" in compare and "<del>" in compare


def test_an_empty_draft_text_is_refused_with_a_swedish_message(world, client_for):
    routine = make_routine(world, world.own)
    client = client_for(world.persona(Role.ENHETSCHEF))
    client.post(reverse("processes:draft", args=[routine.pk]))
    draft = RoutineVersion.objects.get(routine=routine, status="draft")
    response = client.post(reverse("processes:draft", args=[routine.pk]), {"body": "", "version": draft.version})
    assert response.status_code == 422
    assert "Rutinen behöver en text." in response.content.decode()


def test_establishing_and_acknowledging_through_the_pages(world, client_for):
    routine = make_routine(world, world.own)
    chief = client_for(world.persona(Role.ENHETSCHEF))
    chief.post(reverse("processes:draft", args=[routine.pk]))
    draft = RoutineVersion.objects.get(routine=routine, status="draft")
    chief.post(
        reverse("processes:draft", args=[routine.pk]), {"body": "Ändrad text", "change_summary": "Ny", "version": draft.version}
    )
    assert chief.post(reverse("processes:routine_establish", args=[routine.pk])).status_code == 302
    routine.refresh_from_db()
    assert routine.current_version.number == 2
    staff = client_for(world.persona(Role.MEDARBETARE))
    page = staff.get(reverse("processes:routine", args=[routine.pk])).content.decode()
    assert "Jag har läst och förstått" in page
    staff.post(reverse("processes:acknowledge", args=[routine.pk]))
    page = staff.get(reverse("processes:routine", args=[routine.pk])).content.decode()
    assert "Du har bekräftat att du har läst och förstått version 2." in page
    report = staff.get(reverse("processes:acknowledgements", args=[routine.pk])).content.decode()
    assert "1 av 6 har bekräftat version 2." in report


def test_the_acknowledgement_report_names_people_only_for_those_who_may_see_them(world, client_for):
    routine = make_routine(world, world.own)
    reader = (
        client_for(world.persona(Role.NAMNDLEDAMOT))
        .get(reverse("processes:acknowledgements", args=[routine.pk]))
        .content.decode()
    )
    assert "Medarbetare Persona" not in reader
    chief = (
        client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:acknowledgements", args=[routine.pk])).content.decode()
    )
    assert "Medarbetare Persona" in chief


def test_a_draft_of_a_new_routine_is_not_shown_as_in_force(world, client_for):
    routine = make_routine(world, world.own, establish=False)
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("processes:routine", args=[routine.pk])).content.decode()
    assert "Rutinen har ingen fastställd version än" in page
    assert "Jag har läst och förstått" not in page
    assert Routine.objects.get(pk=routine.pk).current_version is None


def test_the_responsibility_matrix_shows_an_overview_and_one_role(world, client_for):
    services.responsibilities_seed(actor=None, municipality=world.m1)
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:responsibilities")).content.decode()
    assert "Översikt: antal ansvar per roll och fas" in page
    assert 'id="role-enhetschef"' in page and 'id="role-namndledamot"' not in page


def test_the_establish_page_lists_a_missing_owner_and_collaboration_and_refuses_with_422(world, client_for):
    process = make_process(world, world.own)
    services.process_update(actor=None, process=process, expected_version=process.version, owner=None, no_collaboration_reason="")
    client = client_for(world.persona(Role.AVDELNINGSCHEF))
    url = reverse("processes:establish", args=[process.pk])
    page = client.get(url).content.decode()
    assert "Ange en processägare innan processen fastställs." in page
    assert "Beskriv processens samverkan, eller skriv varför ingen samverkan behövs." in page
    response = client.post(url, {"review_date": "2030-01-01"})
    assert response.status_code == 422
    process.refresh_from_db()
    assert process.status == Process.Status.DRAFT
