"""Grants the application's PostgreSQL role what the application needs, and on the audit log no more than to add
and read (README, production). Run it as the owner role that runs ``migrate``, after every ``migrate``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from lots.audit.models import AuditChain, AuditEntry, AuditRead


def grant_statements(role: str, schema: str = "public") -> list[str]:
    """The statements that give ``role`` read and write access to every table in ``schema`` (now and, through
    default privileges, those later migrations create), except: the audit entries and their reads only SELECT and
    INSERT, the chain heads no DELETE or TRUNCATE, and the migration record read-only."""
    quote = connection.ops.quote_name
    app, schema = quote(role), quote(schema)
    log = ", ".join(quote(model._meta.db_table) for model in (AuditEntry, AuditRead))
    heads = quote(AuditChain._meta.db_table)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {log} FROM {app}",
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {heads} FROM {app}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON django_migrations FROM {app}",
    ]


class Command(BaseCommand):
    help = (
        "Ger programmets databasroll (PostgreSQL) rätt att läsa och skriva alla tabeller, men i loggen bara läsa och "
        "lägga till. Körs av ägarrollen efter varje migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="Programmets databasroll, till exempel lots_app.")
        parser.add_argument("--schema", default="public", help="Schemat tabellerna ligger i (public).")
        parser.add_argument("--print", action="store_true", help="Skriv bara ut SQL-satserna.")

    def handle(self, *args, role, schema, **options):
        statements = grant_statements(role, schema)
        if options["print"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Databasroller finns bara i PostgreSQL; med SQLite skyddar utlösare loggen.")
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        except DatabaseError as error:
            raise CommandError(f"Rättigheterna kunde inte ges: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Rollen {role} har fått sina rättigheter."))
