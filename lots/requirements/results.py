"""The result of a follow-up: per section and overall, and compared with the provider's previous follow-up.

The score counts a fulfilled requirement as 1, a partly fulfilled one as ½ and an
unfulfilled one as 0, over the requirements that were assessed and apply; "ej
tillämpligt" and "ej bedömt" are counted but left out of the score.
"""

from dataclasses import dataclass, field

from lots.requirements.models import Assessment, FollowUp, Section

A = Assessment.Status
ORDER = [A.MET, A.PARTLY, A.NOT_MET, A.NOT_APPLICABLE, A.NOT_ASSESSED]


@dataclass
class Tally:
    counts: dict = field(default_factory=lambda: dict.fromkeys(ORDER, 0))

    def add(self, status: str) -> None:
        self.counts[status] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def scored(self) -> int:
        return sum(self.counts[s] for s in Assessment.SCORES)

    @property
    def score(self) -> int | None:
        """Per cent fulfilled over the assessed, applicable requirements; None when none was assessed."""
        if not self.scored:
            return None
        points = sum(self.counts[s] * weight for s, weight in Assessment.SCORES.items())
        return round(100 * points / self.scored)

    @property
    def unfulfilled(self) -> int:
        return self.counts[A.PARTLY] + self.counts[A.NOT_MET]

    def rows(self) -> list[tuple[str, str, int]]:
        labels = dict(A.choices)
        return [(status, str(labels[status]), self.counts[status]) for status in ORDER]


@dataclass
class SectionResult:
    section: Section
    tally: Tally
    assessments: list


@dataclass
class Result:
    overall: Tally
    sections: list[SectionResult]


def result_of(assessments: list[Assessment], *, status_of=lambda a: a.status) -> Result:
    """Tally ``assessments`` (with ``requirement__section`` loaded) per section in catalogue order and overall."""
    overall = Tally()
    by_section: dict[int, SectionResult] = {}
    for assessment in sorted(assessments, key=lambda a: a.requirement.position):
        section = assessment.requirement.section
        entry = by_section.setdefault(section.pk, SectionResult(section, Tally(), []))
        status = status_of(assessment)
        entry.tally.add(status)
        entry.assessments.append(assessment)
        overall.add(status)
    sections = sorted(by_section.values(), key=lambda r: r.section.position)
    return Result(overall, sections)


def previous_follow_up(follow_up: FollowUp) -> FollowUp | None:
    """The provider's (or unit's) latest completed follow-up before this one."""
    earlier = FollowUp.objects.completed().of_same_target(follow_up).exclude(pk=follow_up.pk)
    earlier = earlier.filter(period_end__lte=follow_up.period_end)
    if follow_up.completed_on:
        earlier = earlier.filter(completed_on__lte=follow_up.completed_on)
    return earlier.select_related("catalogue_version__catalogue").order_by("-period_end", "-completed_on", "-pk").first()


@dataclass
class ComparisonRow:
    assessment: Assessment
    before: str | None
    trend: str  # "better", "worse", "same", "new"


@dataclass
class Comparison:
    previous: FollowUp
    before: Tally
    after: Tally
    rows: list[ComparisonRow]

    @property
    def changed(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.trend in {"better", "worse"}]


_RANK = {A.NOT_MET: 0, A.PARTLY: 1, A.MET: 2}


def compare(follow_up: FollowUp, assessments: list[Assessment]) -> Comparison | None:
    """This follow-up against the previous one, requirement by requirement (matched by lineage across versions)."""
    previous = previous_follow_up(follow_up)
    if previous is None:
        return None
    same_catalogue = previous.catalogue_version.catalogue_id == follow_up.catalogue_version.catalogue_id
    earlier = (
        {a.requirement.lineage: a.status for a in previous.assessments.select_related("requirement")} if same_catalogue else {}
    )
    before, after, rows = Tally(), Tally(), []
    for assessment in sorted(assessments, key=lambda a: a.requirement.position):
        old = earlier.get(assessment.requirement.lineage)
        if old is None:
            rows.append(ComparisonRow(assessment, None, "new"))
            continue
        before.add(old)
        after.add(assessment.status)
        if old in _RANK and assessment.status in _RANK and _RANK[old] != _RANK[assessment.status]:
            trend = "better" if _RANK[assessment.status] > _RANK[old] else "worse"
        else:
            trend = "same"
        rows.append(ComparisonRow(assessment, old, trend))
    return Comparison(previous, before, after, rows)
