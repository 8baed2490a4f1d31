"""Bench data for the staff side: employments on every enhet and sektion (a few at S, forty per unit at L), each with
its introduction from the default items, its four checks at hiring and mostly a confirmed undertaking; about one in
six introductions is unfinished and one in ten record checks is still missing, the rest done.

Written in bulk with the columns the services fill (lots.staff.services.employment_start, item_tick,
undertaking_sign, check_record); no audit rows, as the staff lists do not read them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.staff import services
from lots.staff.models import (
    CheckKind,
    Employment,
    ExtractType,
    HiringCheck,
    Introduction,
    IntroductionItem,
    Outcome,
    Undertaking,
    UndertakingText,
)

COUNTED = ["staff.Employment", "staff.Introduction", "staff.IntroductionItem", "staff.HiringCheck", "staff.Undertaking"]
PER_UNIT = {"T": 3, "S": 6, "M": 15, "L": 40}
TITLES = ["Socialsekreterare", "Behandlingsassistent", "Handläggare", "Stödassistent", "Behandlare"]


def generate(ds) -> None:
    today = timezone.localdate()
    now = timezone.now()
    per_unit = PER_UNIT.get(ds.scale, 3)
    texts = {}
    for municipality in ds.municipalities:
        texts[municipality.pk] = UndertakingText.objects.create(
            municipality=municipality, version=1, body="Förbindelse om sekretess och tystnadsplikt.", published_by=ds.coordinator
        )
    employment_id = bulk.next_id(Employment)
    introduction_id = bulk.next_id(Introduction)
    employments, introductions, items, checks, undertakings = [], [], [], [], []
    n = 0
    for unit in ds.leaf_units:
        for _i in range(per_unit):
            n += 1
            person = ds.people[(n * 7) % len(ds.people)]
            starts = today - datetime.timedelta(days=ds.rng.randint(1, 3000))
            ends = (
                starts + datetime.timedelta(days=400) if n % 25 == 0 and starts < today - datetime.timedelta(days=500) else None
            )
            employments.append((employment_id, 1, person.pk, unit.pk, TITLES[n % len(TITLES)], starts, ends, f"B{n}", now))
            unfinished = n % 6 == 0
            introductions.append(
                (introduction_id, 1, employment_id, unit.pk, None, "closed" if ends else "open", now, now if ends else None)
            )
            for position, (kind, title, days) in enumerate(services.DEFAULT_ITEMS):
                done = not unfinished or position < 2
                items.append(
                    (
                        introduction_id,
                        kind,
                        title,
                        starts + datetime.timedelta(days=days),
                        position,
                        now if done else None,
                        person.pk if done else None,
                        now if ends and not done else None,
                        services.ENDED_REASON if ends and not done else "",
                    )
                )
            for kind in CheckKind.values:
                record = kind == CheckKind.RECORD_EXTRACT
                missing = record and n % 10 == 0
                status = HiringCheck.Status.PENDING if missing else HiringCheck.Status.DONE
                if missing and ends:
                    status = HiringCheck.Status.CLOSED
                checks.append(
                    (
                        1,
                        employment_id,
                        unit.pk,
                        kind,
                        status,
                        False,
                        starts + datetime.timedelta(days=services.CHECK_DAYS),
                        None if missing else starts,
                        None if missing else ds.coordinator.pk,
                        ExtractType.OWN if record and not missing else "",
                        Outcome.NO_OBSTACLE if record and not missing else "",
                        now if status == HiringCheck.Status.CLOSED else None,
                    )
                )
            if not unfinished:
                undertakings.append((employment_id, unit.pk, texts[unit.municipality_id].pk, person.pk, now))
            employment_id += 1
            introduction_id += 1
    bulk.write(
        Employment,
        ["id", "version", "person_id", "unit_id", "title", "starts_on", "ends_on", "external_id", "created_at"],
        employments,
    )
    bulk.write(
        Introduction,
        ["id", "version", "employment_id", "unit_id", "introducer_id", "status", "created_at", "closed_at"],
        introductions,
    )
    bulk.write(
        IntroductionItem,
        ["introduction_id", "kind", "title", "due_on", "position", "done_at", "done_by_id", "closed_at", "closed_reason"],
        items,
    )
    bulk.write(
        HiringCheck,
        [
            "version",
            "employment_id",
            "unit_id",
            "kind",
            "status",
            "required_before_start",
            "due_on",
            "done_on",
            "checked_by_id",
            "extract_type",
            "outcome",
            "closed_at",
        ],
        checks,
    )
    bulk.write(Undertaking, ["employment_id", "unit_id", "text_id", "signed_by_id", "signed_at"], undertakings)
    bulk.reset_sequences(Employment, Introduction, IntroductionItem, HiringCheck, Undertaking)


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    municipality = ds.municipalities[0]
    employment = Employment.objects.filter(unit__municipality=municipality).current().order_by("-pk").first()
    found = [
        Scenario(
            "staff_hub",
            "Personal: nuvarande anställda med introduktion och kontroller (förvaltningschef)",
            "list",
            Request("GET", reverse("staff:index"), cookies=cookies["manager"]),
        ),
    ]
    if employment is not None:
        found.append(
            Scenario(
                "staff_employee",
                "Personal: en anställds introduktion och kontroller (förvaltningschef)",
                "detail",
                Request("GET", reverse("staff:employment", args=[employment.pk]), cookies=cookies["manager"]),
            )
        )
    return found
