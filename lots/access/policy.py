"""Which roles hold which permission, and how far each kind of record is read.

Every module's permissions are listed here, so the whole policy can be read in
one screen. A permission is granted on the units (or providers) where the
person holds one of the roles; scoping happens in lots.access.core.

Records fall in three kinds, and docs/access.md has the table of who reads each
record type where (the visibility matrix test reads that table):

- *Governing documents* (risk analyses, self-inspection plans, internal-control
  plans, consequence statements, follow-up plans, processes and routines) govern
  a unit and everything below it. They are read "up and down": on the units in
  the person's scope and on every unit above those (``GOVERNING_READS``,
  lots.access.visibility.governing_q). Changing them needs the change permission
  on the document's own unit.
- *Case records* (deviations with their lex Sarah investigation and IVO
  notification, feedback cases) are need-to-know: only down from where the person
  holds the view permission, plus the reporter's own reports. A granskare reads
  them only under an active AuditGrant for a named audit (``GRANTED_READS``).
- *Compilations* (statistics, reports, dashboards) and the audit log are read by
  unit scope, down only, and show no case-level personal data.
"""

from lots.accounts.models import Role

R = Role
MANAGERS = frozenset({R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF, R.ENHETSCHEF, R.VERKSAMHETSLEDARE})
LINE_MANAGERS = frozenset({R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF, R.ENHETSCHEF})
STAFF = MANAGERS | {R.MEDARBETARE, R.KVALITETSSAMORDNARE}
READERS = STAFF | {R.GRANSKARE, R.NAMNDLEDAMOT}
QUALITY = frozenset({R.KVALITETSSAMORDNARE})
AUDITORS = frozenset({R.KVALITETSSAMORDNARE, R.GRANSKARE})
HR = frozenset({R.HR})
DEPARTMENT_HEADS = frozenset({R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF})

POLICY: dict[str, frozenset[str]] = {
    # Organisation, people and the logs.
    "unit.view": READERS,
    "unit.change": QUALITY,
    "provider.view": MANAGERS | AUDITORS | {R.NAMNDLEDAMOT, R.EXTERN_UTFORARE},
    "provider.change": QUALITY,
    "person.view": MANAGERS | AUDITORS,
    "person.change": QUALITY,
    # Removing a person's second factors (lost phone or key) so they set one up again: lots.mfa.
    "person.reset_factors": QUALITY,
    "audit.view": AUDITORS,
    "auditgrant.change": QUALITY,
    # The yearly access review of a unit: the line managers for their units, the quality coordinator for the whole
    # municipality; from the review they end roles on units in their scope and deactivate unused accounts whose every
    # role lies in it (lots.access.review). The monthly log follow-up is the quality coordinator's.
    "access.review": LINE_MANAGERS | QUALITY,
    "access.revoke": LINE_MANAGERS | QUALITY,
    "log.review": QUALITY,
    # Processes, routines, laws, responsibilities and the yearly calendar.
    "process.view": READERS,
    "process.change": QUALITY | MANAGERS,
    "process.establish": QUALITY | {R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF},
    "routine.view": READERS,
    "routine.change": QUALITY | MANAGERS,
    "routine.establish": LINE_MANAGERS,
    "routine.acknowledge": STAFF,
    "law.view": READERS,
    "law.change": QUALITY,
    "responsibility.view": READERS,
    "responsibility.change": QUALITY,
    "calendar.view": READERS,
    "calendar.change": QUALITY,
    # Improvement actions.
    "improvement.view": READERS,
    "improvement.change": QUALITY | MANAGERS,
    "improvement.propose": STAFF,
    "improvement.triage": QUALITY | MANAGERS,
    # Deviations and lex Sarah. Reporters also see their own reports (deviations.access).
    "deviation.report": STAFF,
    "deviation.view": LINE_MANAGERS | QUALITY,
    "deviation.handle": LINE_MANAGERS | QUALITY,
    "deviation.notify_ivo": QUALITY | {R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF},
    # The board or, under delegation, the förvaltningschef decides; the förvaltningschef records either decision.
    "deviation.decide_ivo": frozenset({R.FORVALTNINGSCHEF}),
    "deviation.statistics": READERS,
    "deviation.configure": QUALITY,
    "deviation.import": QUALITY,
    # Feedback and complaints.
    "feedback.register": STAFF,
    "feedback.view": LINE_MANAGERS | QUALITY,
    "feedback.handle": LINE_MANAGERS | QUALITY,
    "feedback.statistics": READERS,
    "feedback.configure": QUALITY,
    # The registrator registers complaints as they arrived, with the original (Katrineholm §5.2), on the units in
    # their scope, and reads only what they registered (lots.feedback.access.registered_by).
    "feedback.register_original": frozenset({R.REGISTRATOR}),
    # The complaint delegation's decision: the förvaltningschef records it, the delegation's or their own under the
    # delegation order (Katrineholm §5.2).
    "feedback.decide_delegation": frozenset({R.FORVALTNINGSCHEF}),
    # Risk analysis, self-inspection, internal control, follow-up plans.
    "risk.view": READERS,
    "risk.change": QUALITY | MANAGERS,
    "risk.approve": QUALITY | {R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF},
    "inspection.view": READERS,
    "inspection.change": QUALITY | MANAGERS,
    "internalcontrol.view": READERS,
    "internalcontrol.change": QUALITY | {R.FORVALTNINGSCHEF},
    "riskscale.change": QUALITY,
    "followupplan.view": READERS,
    "followupplan.change": QUALITY | {R.FORVALTNINGSCHEF, R.AVDELNINGSCHEF},
    # Requirement catalogues and provider follow-ups.
    "catalogue.view": READERS | {R.EXTERN_UTFORARE},
    "catalogue.change": QUALITY,
    "followup.view": QUALITY | LINE_MANAGERS | {R.GRANSKARE, R.EXTERN_UTFORARE},
    "followup.change": QUALITY,
    "followup.self_assess": frozenset({R.EXTERN_UTFORARE}),
    "contract.view": MANAGERS | AUDITORS | {R.NAMNDLEDAMOT, R.EXTERN_UTFORARE},
    "contract.change": QUALITY,
    # The annual quality report and dashboards.
    "report.view": READERS,
    "report.change": QUALITY | LINE_MANAGERS,
    "report.establish": frozenset({R.FORVALTNINGSCHEF}),
    "dashboard.view": READERS,
    "report.denominators": QUALITY,  # monthly clients/staff per unit, for U charts
    "report.comparisons": QUALITY,  # importing öppna jämförelser / Kolada values
    "archive.export": QUALITY,  # the e-archive package of established documents (lots.archive)
    # Retention (gallring): the periods, the dry run, the culling log and legal holds, for the whole municipality.
    "retention.configure": QUALITY,
    # Register extracts (GDPR art. 15): the quality coordinator of the whole municipality makes them for the
    # data-protection officer to hand out; each one is logged.
    "privacy.extract": QUALITY,
    # Requests to rectify, erase or restrict personal data (GDPR art. 16–18, 21): registered, decided and answered by
    # the quality coordinator of the whole municipality; each read of the register is logged.
    "privacy.requests": QUALITY,
    # Sign-in for the whole municipality: its identity providers, who is linked to which identifier there, group
    # mappings, and whether local passwords and a second factor for everyone apply (lots.identity).
    "identity.configure": QUALITY,
    # --- Staff and work environment (issue 19). Personnel records: the person reads their own (the apps' access.py);
    # managers and the HR partner read and keep those of their units.
    "staff.view": MANAGERS | HR,
    "staff.change": MANAGERS | HR,
    "staff.import": HR | QUALITY,  # employments from the HR system's CSV export (lots.staff)
    "staff.template": MANAGERS | HR,  # a unit's introduction template
    "competence.view": MANAGERS | HR,
    "competence.change": MANAGERS | HR,
    # Work-environment delegation (fördelning av arbetsmiljöuppgifter, lots.workenv): read by managers, HR and the
    # quality coordinator; a line manager delegates down the line.
    "workenv.view": MANAGERS | HR | QUALITY,
    "workenv.delegate": LINE_MANAGERS,
    # The municipality's catalogue of work-environment tasks that delegations hand down.
    "workenv.catalogue": QUALITY | HR,
    # Safety and fire-safety rounds (lots.rounds): staff read their unit's rounds, managers hold them, the department
    # head decides the department's action plan.
    "rounds.view": STAFF | HR,
    "rounds.change": MANAGERS | HR,
    "rounds.decide": DEPARTMENT_HEADS,
    # --- Agreements, service interventions, deadline watch, own money (issue 20).
    "agreement.view": READERS,
    "agreement.change": QUALITY | LINE_MANAGERS,
    "agreement.acknowledge": STAFF,
    "intervention.view": STAFF | AUDITORS | {R.NAMNDLEDAMOT},
    "intervention.change": QUALITY | MANAGERS,
    "intervention.participants": MANAGERS | {R.MEDARBETARE},  # participant data, confidential (lots.interventions)
    "watch.view": LINE_MANAGERS | QUALITY | {R.VERKSAMHETSLEDARE},  # responsible workers see their own placements
    "watch.import": QUALITY | LINE_MANAGERS,
    "watch.configure": QUALITY,  # the municipality's intervals, never longer than the rules (lots.watch)
    "ledger.view": MANAGERS | {R.MEDARBETARE},
    "ledger.enter": MANAGERS | {R.MEDARBETARE},
    "ledger.attest": MANAGERS | {R.MEDARBETARE},  # never the person who entered the row (lots.ledger)
    "ledger.reconcile": MANAGERS,
    # The prisbasbelopp table by year (lots.ledger): the quality coordinator keeps it up to date.
    "ledger.configure": QUALITY,
    # --- The planning phase: goals, activities and indicators (issue 18). Plans and indicators govern a unit and are
    # read up and down like the other governing documents; the board (nämndledamot) reads them.
    "goal.view": READERS,
    "goal.change": QUALITY | MANAGERS,  # result goals and activities of the unit's plan
    "goal.establish": QUALITY | LINE_MANAGERS,  # establishing the plan, and the changes to an established one
    "goal.follow_up": QUALITY | MANAGERS,  # assessments and activity statuses at each tertial and year end
    "goalarea.change": QUALITY,  # the council's goal areas, for the whole municipality
    "indicator.view": READERS,
    "indicator.change": QUALITY | MANAGERS,  # the indicator, its definition and targets
    "indicator.record": QUALITY | MANAGERS,  # entering a period's values
}

# Case records a granskare reads under an active audit grant (lots.access.grants), never by role alone.
GRANTED_READS = frozenset({"deviation.view", "feedback.view"})

# Governing documents: read on the units in scope and on every unit above them (lots.access.visibility).
GOVERNING_READS = frozenset(
    {"risk.view", "inspection.view", "internalcontrol.view", "followupplan.view", "goal.view", "indicator.view"}
)


def roles_with(perm: str) -> frozenset[str]:
    try:
        return POLICY[perm]
    except KeyError:
        raise KeyError(f"Unknown permission {perm!r}: add it to lots.access.policy.POLICY") from None
