"""Bench data for service interventions: a few per enhet and sektion (more at larger scales), a third run by one of
two external providers per municipality, mostly under a contract in force and some without; half keep participant
data, with participants under consent (a fifth ended, some by a report about changed needs, a few awaiting the
receiving unit's confirmation) and their anonymous yearly counts.

Written in bulk with the columns the services fill (lots.interventions.services); no audit rows, as the lists do not
read them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.interventions.models import Intervention, NeedsReport, Participant, YearCount
from lots.organisation.models import Provider
from lots.requirements.models import Contract

COUNTED = ["interventions.Intervention", "interventions.Participant", "interventions.NeedsReport", "interventions.YearCount"]
PER_UNIT = {"T": 1, "S": 2, "M": 3, "L": 4}
PARTICIPANTS = {"T": 4, "S": 10, "M": 25, "L": 60}
KINDS = Intervention.Kind.values
NAMES = ["Föräldragrupp", "Öppen förskola", "Samtalsstöd för unga", "Fältarbete", "Läxhjälp", "Anhöriggrupp"]


def _providers(ds, today):
    """Two providers per municipality: one with a contract in force, one whose contract ended last year."""
    found = {}
    for m, municipality in enumerate(ds.municipalities):
        unit = next(u for u in ds.units if u.municipality_id == municipality.pk and u.parent_id is not None)
        pairs = []
        for i, (starts, ends) in enumerate(
            [
                (today - datetime.timedelta(days=700), None),
                (today - datetime.timedelta(days=900), today.replace(day=1) - datetime.timedelta(days=200)),
            ]
        ):
            provider = Provider.objects.create(
                municipality=municipality, name=f"Benchutförare {m + 1}-{i + 1} AB", organisation_number=f"57{m:04d}-{i:04d}"
            )
            contract = Contract.objects.create(
                provider=provider,
                title=f"Serviceinsatser {i + 1}",
                scope="Serviceinsatser för barn, unga och familjer.",
                starts_on=starts,
                ends_on=ends,
                responsible_unit=unit,
            )
            pairs.append((provider, contract))
        found[municipality.pk] = pairs
    return found


def generate(ds) -> None:
    today = timezone.localdate()
    now = timezone.now()
    rng = ds.rng
    per_unit = PER_UNIT.get(ds.scale, 1)
    per_intervention = PARTICIPANTS.get(ds.scale, 4)
    providers = _providers(ds, today)
    staff = {a.unit_id: a.user for a in ds.extra["assignments"] if a.unit_id}
    intervention_id, participant_id = bulk.next_id(Intervention), bulk.next_id(Participant)
    interventions, participants, reports, counts = [], [], [], []
    n = 0
    for unit in ds.leaf_units:
        authority = next((u for u in ds.leaf_units if u.municipality_id == unit.municipality_id and u.pk != unit.pk), None)
        for _i in range(per_unit):
            n += 1
            provider, contract = None, None
            if n % 3 == 0:
                provider, contract = providers[unit.municipality_id][0 if n % 9 else 1]
                if n % 27 == 0:
                    contract = None  # registered, never given a contract: planned, not offerable
            status = "planned" if provider and contract is None else ("ended" if n % 11 == 0 else "offered")
            keeps = n % 2 == 0
            interventions.append(
                (
                    intervention_id,
                    1,
                    unit.pk,
                    f"{NAMES[n % len(NAMES)]} {n}",
                    KINDS[n % len(KINDS)],
                    "Träffar varannan vecka under terminen.",
                    "Barn, unga och föräldrar i kommunen",
                    provider.pk if provider else None,
                    contract.pk if contract else None,
                    keeps,
                    status,
                    now,
                    ds.coordinator.pk,
                )
            )
            if keeps:
                by_year: dict[int, int] = {}
                recorder = staff.get(unit.pk, ds.coordinator)
                for k in range(per_intervention):
                    started = today - datetime.timedelta(days=rng.randint(0, 700))
                    by_year[started.year] = by_year.get(started.year, 0) + 1
                    ended = k % 5 == 0
                    changed = ended and k % 10 == 0 and authority is not None
                    reason = ("changed_needs" if changed else "completed") if ended else ""
                    ended_on = min(today, started + datetime.timedelta(days=60)) if ended else None
                    participants.append(
                        (
                            participant_id,
                            1,
                            intervention_id,
                            unit.pk,
                            f"P-{n}-{k}",
                            "",
                            "070-000 00 00" if k % 2 else "",
                            "",
                            False,
                            bool(k % 2),
                            False,
                            started,
                            "written",
                            "participant",
                            recorder.pk,
                            started,
                            "ended" if ended else "active",
                            ended_on,
                            reason,
                            now,
                        )
                    )
                    if changed:
                        confirmed = len(reports) % 4 != 0
                        reports.append(
                            (
                                1,
                                intervention_id,
                                participant_id,
                                f"P-{n}-{k}",
                                unit.pk,
                                authority.pk,
                                "notification",
                                "Behovet går utöver vad insatsen kan ge.",
                                ended_on,
                                recorder.pk,
                                now if confirmed else None,
                                ds.coordinator.pk if confirmed else None,
                            )
                        )
                    participant_id += 1
                for year, count in sorted(by_year.items()):
                    counts.append((intervention_id, year, count, rng.randint(0, 2)))
            intervention_id += 1
    bulk.write(
        Intervention,
        [
            "id",
            "version",
            "unit_id",
            "name",
            "kind",
            "description",
            "target_group",
            "provider_id",
            "contract_id",
            "keeps_participant_data",
            "status",
            "created_at",
            "created_by_id",
        ],
        interventions,
    )
    bulk.write(
        Participant,
        [
            "id",
            "version",
            "intervention_id",
            "unit_id",
            "reference",
            "name",
            "contact",
            "notes",
            "consent_name",
            "consent_contact",
            "consent_notes",
            "consent_given_on",
            "consent_method",
            "consent_given_by",
            "consent_recorded_by_id",
            "started_on",
            "status",
            "ended_on",
            "end_reason",
            "created_at",
        ],
        participants,
    )
    bulk.write(
        NeedsReport,
        [
            "version",
            "intervention_id",
            "participant_id",
            "participant_reference",
            "unit_id",
            "to_unit_id",
            "kind",
            "grounds",
            "sent_on",
            "sent_by_id",
            "confirmed_at",
            "confirmed_by_id",
        ],
        reports,
    )
    bulk.write(YearCount, ["intervention_id", "year", "participants", "withdrawn"], counts)
    bulk.reset_sequences(Intervention, Participant, NeedsReport, YearCount)


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    municipality = ds.municipalities[0]
    intervention = (
        Intervention.objects.filter(unit__municipality=municipality, keeps_participant_data=True).order_by("-pk").first()
    )
    found = [
        Scenario(
            "interventions_register",
            "Serviceinsatser: registret (förvaltningschef)",
            "list",
            Request("GET", reverse("interventions:index"), cookies=cookies["manager"]),
        ),
        Scenario(
            "interventions_participants",
            "Serviceinsatser: deltagare, läsloggade (förvaltningschef)",
            "list",
            Request("GET", reverse("interventions:participants"), cookies=cookies["manager"]),
        ),
    ]
    if intervention is not None:
        found.append(
            Scenario(
                "interventions_detail",
                "Serviceinsatser: en insats med deltagare och antal per år (förvaltningschef)",
                "detail",
                Request("GET", reverse("interventions:detail", args=[intervention.pk]), cookies=cookies["manager"]),
            )
        )
    return found
