import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.requirements import services
from lots.requirements.models import Assessment, Attachment, Contract, DemandedAction, FollowUp
from lots.requirements.tests.conftest import A, M, assess_all

S = FollowUp.Status


def section_form(follow_up, section, **overrides) -> dict:
    """What the assessment page posts for ``section`` with every requirement fulfilled, plus ``overrides``."""
    data = {}
    for assessment in follow_up.assessments.filter(requirement__section=section):
        prefix = f"a{assessment.pk}"
        data.update({f"{prefix}-status": A.MET, f"{prefix}-comment": "Bra.", f"{prefix}-version": assessment.version})
    data.update(overrides)
    return data


def first_section(follow_up):
    return follow_up.assessments.order_by("requirement__position").first().requirement.section


@pytest.fixture
def quality(world, client_for):
    return client_for(world.persona("kvalitetssamordnare"))


def test_planning_a_follow_up_from_the_form(world, quality, catalogue_version):
    response = quality.post(
        reverse("requirements:follow_up_create"),
        {
            "target": f"p{world.provider.pk}",
            "catalogue_version": catalogue_version.pk,
            "title": "Uppföljning våren",
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "methods": [M.DOCUMENTS, M.SELF_ASSESSMENT],
            "self_assessment_due": "2025-04-01",
            "lead": world.persona("kvalitetssamordnare").pk,
            "team": [world.persona("enhetschef").pk],
            "responsible_unit": world.own.pk,
        },
    )
    follow_up = FollowUp.objects.get()
    assert response.status_code == 302 and response.url == reverse("requirements:follow_up", args=[follow_up.pk])
    assert (follow_up.provider, follow_up.methods, follow_up.assessments.count()) == (
        world.provider,
        [M.DOCUMENTS, M.SELF_ASSESSMENT],
        5,
    )


def test_planning_mistakes_come_back_at_their_fields_with_what_was_typed(world, quality, catalogue_version):
    response = quality.post(
        reverse("requirements:follow_up_create"),
        {
            "target": f"u{world.own.pk}",
            "catalogue_version": catalogue_version.pk,
            "title": "Egen regi",
            "period_start": "2025-06-01",
            "period_end": "2025-01-01",
            "methods": [M.SELF_ASSESSMENT],
            "lead": world.persona("kvalitetssamordnare").pk,
            "responsible_unit": world.own.pk,
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Perioden kan inte sluta innan den börjar." in html
    assert "Självskattning görs av externa utförare" in html
    assert 'value="Egen regi"' in html
    assert not FollowUp.objects.exists()


def test_a_unit_outside_the_persons_reach_cannot_be_chosen(world, quality, catalogue_version):
    response = quality.post(
        reverse("requirements:follow_up_create"),
        {
            "target": f"u{world.other.pk}",
            "catalogue_version": catalogue_version.pk,
            "title": "X",
            "period_start": "2025-01-01",
            "period_end": "2025-02-01",
            "methods": [M.DOCUMENTS],
            "lead": world.persona("kvalitetssamordnare").pk,
            "responsible_unit": world.own.pk,
        },
    )
    assert response.status_code == 422 and "Välj en utförare eller enhet i listan." in response.content.decode()


def test_planning_from_a_contract_fills_in_the_provider_catalogue_and_lead(world, quality, catalogue_version):
    contract = services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        actor=None,
        provider=world.provider,
        title="Avtal",
        scope="Stöd",
        starts_on=datetime.date(2025, 1, 1),
        responsible_unit=world.sub,
        follow_up_by=world.persona("granskare"),
        catalogue=catalogue_version.catalogue,
    )
    html = quality.get(reverse("requirements:follow_up_create") + f"?avtal={contract.pk}").content.decode()
    assert f'<option value="p{world.provider.pk}" selected>' in html
    assert f'<option value="{catalogue_version.pk}" selected>' in html
    assert f'<option value="{world.persona("granskare").pk}" selected>' in html
    assert f'<option value="{contract.pk}" selected>' in html


def test_assessing_a_section_saves_and_moves_on_to_the_next(world, quality, make_follow_up):
    follow_up = make_follow_up()
    section = first_section(follow_up)
    response = quality.post(
        reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk]), section_form(follow_up, section, next="1")
    )
    following = follow_up.assessments.order_by("requirement__position")[2].requirement.section
    assert response.status_code == 302
    assert response.url == reverse("requirements:follow_up_assess", args=[follow_up.pk, following.pk])
    assert list(follow_up.assessments.filter(requirement__section=section).values_list("status", flat=True)) == [A.MET, A.MET]


def test_an_unfulfilled_requirement_without_an_action_is_shown_at_its_field_and_nothing_is_saved(world, quality, make_follow_up):
    follow_up = make_follow_up()
    section = first_section(follow_up)
    target = follow_up.assessments.filter(requirement__section=section).order_by("requirement__position").last()
    data = section_form(follow_up, section, **{f"a{target.pk}-status": A.NOT_MET, f"a{target.pk}-comment": "Saknas helt."})
    response = quality.post(reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_a{target.pk}-action_text_errors"' in html
    assert "Skriv vilken åtgärd som krävs" in html and "Saknas helt." in html
    assert not follow_up.assessments.exclude(status=A.NOT_ASSESSED).exists()


def test_a_demanded_action_due_in_the_past_is_refused(world, quality, make_follow_up):
    follow_up = make_follow_up()
    section = first_section(follow_up)
    target = follow_up.assessments.filter(requirement__section=section).first()
    data = section_form(
        follow_up,
        section,
        **{
            f"a{target.pk}-status": A.PARTLY,
            f"a{target.pk}-action_text": "Gör om.",
            f"a{target.pk}-action_due": "2001-01-01",
        },
    )
    response = quality.post(reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk]), data)
    assert response.status_code == 422 and "Datumet har redan passerat." in response.content.decode()


def test_a_concurrent_assessment_is_not_overwritten(world, quality, make_follow_up):
    follow_up = make_follow_up()
    section = first_section(follow_up)
    data = section_form(follow_up, section)
    changed = follow_up.assessments.filter(requirement__section=section).first()
    Assessment.objects.filter(pk=changed.pk).update(version=changed.version + 1, comment="Kollegans bedömning")
    response = quality.post(reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk]), data)
    assert response.status_code == 409
    assert "Någon annan har sparat ändringar" in response.content.decode()
    changed.refresh_from_db()
    assert changed.comment == "Kollegans bedömning"


def test_evidence_is_uploaded_with_the_assessment_and_a_renamed_program_is_refused(
    world, quality, make_follow_up, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    follow_up = make_follow_up()
    section = first_section(follow_up)
    target = follow_up.assessments.filter(requirement__section=section).first()
    url = reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk])
    program = SimpleUploadedFile("rutin.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    response = quality.post(url, section_form(follow_up, section, **{f"a{target.pk}-attachment": program}))
    assert response.status_code == 422 and "Filtypen tillåts inte" in response.content.decode()
    assert not Attachment.objects.exists()
    text = SimpleUploadedFile("intervju.txt", "Anteckningar från intervjun.".encode())
    response = quality.post(url, section_form(follow_up, section, **{f"a{target.pk}-attachment": text}))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    download = quality.get(reverse("requirements:attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == "Anteckningar från intervjun.".encode()
    assert AuditEntry.objects.filter(action="view", content_type__model="attachment", object_id=str(attachment.pk)).exists()


def test_the_provider_fills_in_and_submits_the_self_assessment(world, make_follow_up):
    from django.test import Client

    quality, provider = Client(), Client()
    quality.force_login(world.persona("kvalitetssamordnare"))
    provider.force_login(world.persona("extern_utforare"))
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT))
    quality.post(reverse("requirements:follow_up_open_self", args=[follow_up.pk]))
    page = provider.get(reverse("requirements:follow_up", args=[follow_up.pk])).content.decode()
    assert "0 av 5 krav är besvarade" in page
    for assessment in follow_up.assessments.order_by("requirement__position"):
        section = assessment.requirement.section
        data = {
            f"a{assessment.pk}-self_status": A.MET,
            f"a{assessment.pk}-self_comment": "Vi gör så.",
            f"a{assessment.pk}-version": assessment.version,
        }
        # Other requirements of the section keep their current answers.
        for other in follow_up.assessments.filter(requirement__section=section).exclude(pk=assessment.pk):
            other.refresh_from_db()
            data.update(
                {
                    f"a{other.pk}-self_status": other.self_status,
                    f"a{other.pk}-self_comment": other.self_comment,
                    f"a{other.pk}-version": other.version,
                }
            )
        assert provider.post(reverse("requirements:follow_up_self", args=[follow_up.pk, section.pk]), data).status_code == 302
    response = provider.post(reverse("requirements:follow_up_submit_self", args=[follow_up.pk]))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == S.ASSESSMENT
    html = quality.get(
        reverse("requirements:follow_up_assess", args=[follow_up.pk, first_section(follow_up).pk])
    ).content.decode()
    assert "Utförarens självskattning:" in html and "Vi gör så." in html


def test_the_provider_does_not_see_the_municipalitys_assessment_before_the_report(world, client_for, make_follow_up):
    follow_up = make_follow_up()
    assess_all(follow_up, {0: A.NOT_MET}, actor=None)
    provider = client_for(world.persona("extern_utforare"))
    html = provider.get(reverse("requirements:follow_up", args=[follow_up.pk])).content.decode()
    assert "Bedömning av krav 0" not in html and "Åtgärda krav 0" not in html and "Ej uppfyllt" not in html
    follow_up.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=follow_up, expected_version=None, completed_on=datetime.date(2025, 7, 1), summary="Klart."
    )
    html = provider.get(reverse("requirements:follow_up", args=[follow_up.pk])).content.decode()
    assert "Åtgärda krav 0" in html and "Ej uppfyllt" in html


def test_completing_from_the_page_and_the_summary_is_required(world, quality, make_follow_up):
    follow_up = make_follow_up()
    assess_all(follow_up, {0: A.NOT_MET}, actor=None)
    follow_up.refresh_from_db()
    url = reverse("requirements:follow_up_complete", args=[follow_up.pk])
    response = quality.post(url, {"summary": "", "completed_on": "2025-07-01", "version": follow_up.version})
    assert response.status_code == 422 and "Skriv en sammanfattande bedömning för rapporten." in response.content.decode()
    response = quality.post(url, {"summary": "Brister i ledningen.", "completed_on": "2025-07-01", "version": follow_up.version})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.summary) == (S.COMPLETED, "Brister i ledningen.")


def test_the_report_is_a_pdf_and_a_word_document_a_municipality_could_send(world, quality, completed_follow_up):
    from docx import Document
    from pypdf import PdfReader

    pdf = quality.get(reverse("requirements:follow_up_report_pdf", args=[completed_follow_up.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="uppfoljning-egen-utforare-ab-2025-07-15.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "Uppföljningsrapport",
        "Egen utförare AB, 556677-8899",
        "Kvalitetskrav för boendestöd, version 1.0",
        "2025-01-01 – 2025-06-30",
        "Dokumentgranskning, Intervju",
        "Två brister.",
        "Andel uppfyllt: 70 %",
        "Krav på åtgärder",
        "Åtgärda krav 1",
        "2030-01-31",
        "Personalen ska ha relevant utbildning.",
        "Ej uppfyllt",
        "Rapportdatum 2025-07-15",
    ]:
        assert expected in text, expected
    assert "Utkast" not in text

    docx = quality.get(reverse("requirements:follow_up_report_docx", args=[completed_follow_up.pk]))
    document = Document(io.BytesIO(docx.content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert paragraphs[0] == "Uppföljningsrapport"
    assert "Två brister." in paragraphs
    assert "Åtgärda krav 3" in cells and "Egen utförare AB, 556677-8899" in cells
    assert [c.text for c in document.tables[1].rows[-1].cells] == ["Totalt", "3", "1", "1", "0", "0", "70 %"]


def test_a_draft_report_says_it_is_a_draft(world, quality, make_follow_up):
    from pypdf import PdfReader

    follow_up = make_follow_up()
    pdf = quality.get(reverse("requirements:follow_up_report_pdf", args=[follow_up.pk]))
    assert "Utkast" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_a_re_follow_up_is_planned_from_the_completed_one(world, quality, completed_follow_up):
    url = reverse("requirements:follow_up_re_follow_up", args=[completed_follow_up.pk])
    page = quality.get(url).content.decode()
    assert "de 2 krav som inte var uppfyllda" in page
    response = quality.post(
        url,
        {
            "title": "Återuppföljning",
            "period_start": "2025-08-01",
            "period_end": "2025-10-01",
            "methods": [M.DOCUMENTS],
            "lead": world.persona("kvalitetssamordnare").pk,
        },
    )
    again = FollowUp.objects.get(previous=completed_follow_up)
    assert response.url == reverse("requirements:follow_up", args=[again.pk])
    assert again.assessments.count() == 2


def test_editing_a_follow_up_keeps_the_typed_values_on_a_conflict(world, quality, make_follow_up):
    follow_up = make_follow_up()
    FollowUp.objects.filter(pk=follow_up.pk).update(version=follow_up.version + 1, title="Någon annans rubrik")
    response = quality.post(
        reverse("requirements:follow_up_edit", args=[follow_up.pk]),
        {
            "title": "Min rubrik",
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "methods": [M.DOCUMENTS],
            "lead": world.persona("kvalitetssamordnare").pk,
            "responsible_unit": world.own.pk,
            "version": follow_up.version,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and 'value="Min rubrik"' in html
    follow_up.refresh_from_db()
    assert follow_up.title == "Någon annans rubrik"


def test_the_follow_up_list_needs_a_fixed_number_of_queries(world, quality, make_follow_up, django_assert_num_queries):
    for n in range(4):
        make_follow_up(title=f"Uppföljning {n}", target=world.sub if n % 2 else world.provider)
    quality.get(reverse("requirements:follow_ups"))
    # The page (count, ids, rows) and the providers to filter by, besides session, user and roles.
    with django_assert_num_queries(10):
        html = quality.get(reverse("requirements:follow_ups")).content.decode()
    assert all(f"Uppföljning {n}" in html for n in range(4))


def test_the_follow_up_page_needs_a_fixed_number_of_queries(world, quality, completed_follow_up, django_assert_max_num_queries):
    url = reverse("requirements:follow_up", args=[completed_follow_up.pk])
    quality.get(url)
    with django_assert_max_num_queries(22):
        html = quality.get(url).content.decode()
    assert "70 %" in html and "Planera återuppföljning" in html


def test_the_action_pages_report_and_close(world, client_for, completed_follow_up, quality):
    action = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("pk").first()
    provider = client_for(world.persona("extern_utforare"))
    url = reverse("requirements:action", args=[action.pk])
    response = provider.post(url, {"step": "report", "report-response": "", "report-version": action.version})
    assert response.status_code == 422 and "Beskriv vad ni har gjort." in response.content.decode()
    response = provider.post(url, {"step": "report", "report-response": "Rutinen är ny.", "report-version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    quality = client_for(world.persona("kvalitetssamordnare"))
    response = quality.post(
        url, {"step": "close", "close-note": "Bra.", "close-closed_on": "2025-09-01", "close-version": action.version}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.provider_response, action.closing_note) == (
        DemandedAction.Status.CLOSED,
        "Rutinen är ny.",
        "Bra.",
    )


def test_a_finding_becomes_an_improvement_action_from_its_page(world, quality, completed_follow_up):
    from lots.improvements.models import ImprovementAction

    action = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("pk").first()
    url = reverse("requirements:action", args=[action.pk])
    response = quality.post(url, {"step": "improvement", "improvement-owner": world.persona("enhetschef").pk})
    assert response.status_code == 302
    improvement = ImprovementAction.objects.for_source(action).get()
    assert improvement.title in quality.get(url).content.decode()


def test_contracts_are_registered_and_register_checks_apply_to_non_profits_only(world, quality):
    from lots.organisation.models import Provider

    url = reverse("requirements:contract_create")
    data = {
        "provider": world.provider.pk,
        "title": "Avtal om boendestöd",
        "scope": "Boendestöd i egen bostad",
        "starts_on": "2025-01-01",
        "ends_on": "2024-12-31",
        "responsible_unit": world.own.pk,
        "check_interval_months": 12,
        "police_check_on": "2025-02-01",
        "cost_terms": "Pris per timme enligt bilaga.",
        "quality_levels": "Bemanning dygnet runt.",
        "follow_up_by": world.persona("kvalitetssamordnare").pk,
    }
    response = quality.post(url, data)
    assert response.status_code == 422 and "Avtalet kan inte sluta innan det börjar." in response.content.decode()
    response = quality.post(url, {**data, "ends_on": ""})
    assert response.status_code == 422 and "Registerkontroller följs upp för idéburna utförare." in response.content.decode()
    assert not Contract.objects.exists()
    Provider.objects.filter(pk=world.provider.pk).update(kind=Provider.Kind.NONPROFIT)
    response = quality.post(url, {**data, "ends_on": "2027-12-31", "annual_cost": "1200000"})
    contract = Contract.objects.get()
    assert response.url == reverse("requirements:contract", args=[contract.pk])
    assert (contract.police_check_on, contract.next_police_check, contract.next_social_check) == (
        datetime.date(2025, 2, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2025, 1, 1),
    )
    assert AuditEntry.objects.filter(action="create", content_type__model="contract", object_id=str(contract.pk)).exists()
    html = quality.get(reverse("requirements:contract", args=[contract.pk])).content.decode()
    assert "1 200 000 kr" in html or "1\xa0200\xa0000 kr" in html


def test_the_provider_downloads_its_own_evidence_and_the_municipalitys_only_after_the_report(
    world, make_follow_up, settings, tmp_path
):
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT))
    services.follow_up_start_self_assessment(actor=None, follow_up=follow_up)
    assessment = follow_up.assessments.first()
    own = services.attachment_add(
        actor=world.persona("extern_utforare"),
        assessment=assessment,
        upload=SimpleUploadedFile("rutin.txt", b"Var rutin."),
        from_provider=True,
    )
    theirs = services.attachment_add(
        actor=world.persona("kvalitetssamordnare"),
        assessment=assessment,
        upload=SimpleUploadedFile("intervju.txt", b"Intervju."),
    )
    provider = Client()
    provider.force_login(world.persona("extern_utforare"))
    assert provider.get(reverse("requirements:attachment", args=[own.pk])).status_code == 200
    assert provider.get(reverse("requirements:attachment", args=[theirs.pk])).status_code == 404
    services.follow_up_start_assessment(actor=None, follow_up=follow_up)
    assess_all(follow_up, actor=None)
    follow_up.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=follow_up, expected_version=None, completed_on=datetime.date(2025, 7, 1), summary="Bra."
    )
    assert provider.get(reverse("requirements:attachment", args=[theirs.pk])).status_code == 200
    outsider = Client()
    outsider.force_login(world.persona("medarbetare"))
    assert outsider.get(reverse("requirements:attachment", args=[own.pk])).status_code == 404


def test_the_contract_and_action_lists_need_a_fixed_number_of_queries(world, quality, make_follow_up, django_assert_num_queries):
    for n in range(3):
        services.contract_create(
            quality_levels="Bemanning dygnet runt.",
            cost_terms="Pris per timme enligt bilaga.",
            follow_up_by=world.persona("kvalitetssamordnare"),
            actor=None,
            provider=world.provider,
            title=f"Avtal {n}",
            scope="X",
            starts_on=datetime.date(2025, 1, 1),
            responsible_unit=world.own,
        )
        follow_up = make_follow_up(title=f"Uppföljning {n}")
        assess_all(follow_up, {0: A.NOT_MET}, actor=None)
    quality.get(reverse("requirements:contracts"))
    # Each page is counted, and its ids found before its rows are loaded (lots.core.lists).
    with django_assert_num_queries(9):
        assert "Avtal 2" in quality.get(reverse("requirements:contracts")).content.decode()
    with django_assert_num_queries(9):
        assert "Åtgärda krav 0" in quality.get(reverse("requirements:actions")).content.decode()
    with django_assert_num_queries(10):
        quality.get(reverse("requirements:index"))
