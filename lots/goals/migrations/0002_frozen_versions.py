"""Database triggers that keep what was established as it was: a plan version (its reason and snapshot) is never
changed (it goes only with its plan, which its versions protect), and an established follow-up (its snapshot of frozen figures) is never changed.

The services refuse these writes with a Swedish message first; the triggers hold whatever else writes to the tables.
"""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER goals_plan_change_fixed BEFORE UPDATE ON goals_planchange
    BEGIN SELECT RAISE(ABORT, 'plan version: an established version of a plan cannot be changed'); END
    """,
    """
    CREATE TRIGGER goals_follow_up_fixed BEFORE UPDATE ON goals_followup
    FOR EACH ROW WHEN OLD.state = 'established'
    BEGIN SELECT RAISE(ABORT, 'follow-up: an established follow-up cannot be changed'); END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS goals_plan_change_fixed",
    "DROP TRIGGER IF EXISTS goals_follow_up_fixed",
]

POSTGRESQL_UP = [
    """
    CREATE OR REPLACE FUNCTION goals_plan_change_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'plan version: an established version of a plan cannot be changed'
            USING ERRCODE = 'check_violation';
    END $$
    """,
    """
    CREATE TRIGGER goals_plan_change_fixed BEFORE UPDATE ON goals_planchange
    FOR EACH ROW EXECUTE FUNCTION goals_plan_change_fixed()
    """,
    """
    CREATE OR REPLACE FUNCTION goals_follow_up_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.state = 'established' THEN
            RAISE EXCEPTION 'follow-up: an established follow-up cannot be changed' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER goals_follow_up_fixed BEFORE UPDATE ON goals_followup
    FOR EACH ROW EXECUTE FUNCTION goals_follow_up_fixed()
    """,
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS goals_plan_change_fixed ON goals_planchange",
    "DROP FUNCTION IF EXISTS goals_plan_change_fixed()",
    "DROP TRIGGER IF EXISTS goals_follow_up_fixed ON goals_followup",
    "DROP FUNCTION IF EXISTS goals_follow_up_fixed()",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}),
        )
    ]
