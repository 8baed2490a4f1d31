import io
import json
import sqlite3
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from lots.archive.backup import sha256_of, table_counts
from lots.deviations import demo as deviations_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(media):
    (media / "bilagor").mkdir(parents=True)
    (media / "bilagor" / "protokoll.pdf").write_bytes(b"%PDF-1.7 protokoll")
    return media


def _backup(tmp_path) -> Path:
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def _drop_database():
    """Drop everything: on PostgreSQL the database itself, on SQLite every table (the in-memory test database)."""
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        params = connection.get_connection_params()
        connections.close_all()
        params["dbname"] = "postgres"
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for name in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{name}"')
    assert table_counts() == {}


def _restore(folder, *extra):
    out = io.StringIO()
    call_command("restore", str(folder), *extra, stdout=out, stderr=out)
    return out.getvalue()


def test_the_demo_survives_a_backup_a_dropped_database_and_a_restore(media, tmp_path, monkeypatch):
    # Every table of the demo, with a tenth of its deviation reports: the round trip is the same, in half the time.
    monkeypatch.setattr(deviations_demo, "COUNT", 36)
    call_command("load_demo", "--quiet-logins", verbosity=0)
    counts = table_counts()
    assert counts["audit_auditentry"] > 0
    folder = _backup(tmp_path)
    _drop_database()
    (media / "bilagor" / "protokoll.pdf").unlink()
    (media / "ny.txt").write_text("efter säkerhetskopian")

    output = _restore(folder, "--yes")

    assert table_counts() == counts
    assert (media / "bilagor" / "protokoll.pdf").read_bytes() == b"%PDF-1.7 protokoll"
    assert not (media / "ny.txt").exists()
    assert "Loggen är obruten" in output


def test_the_restore_refuses_without_yes_and_leaves_the_database_as_it_was(media, tmp_path, world):
    folder = _backup(tmp_path)
    counts = table_counts()
    with pytest.raises(CommandError, match="--yes"):
        _restore(folder)
    assert table_counts() == counts


def test_a_backup_file_changed_after_the_backup_is_refused_before_anything_is_touched(media, tmp_path):
    folder = _backup(tmp_path)
    (folder / "media.tar").write_bytes(b"something else")
    (media / "ny.txt").write_text("kvar")
    with pytest.raises(CommandError, match="kontrollsumman"):
        _restore(folder, "--yes")
    assert (media / "ny.txt").exists()


def test_a_backup_without_its_manifest_or_files_is_refused(media, tmp_path):
    folder = _backup(tmp_path)
    (folder / "media.tar").unlink()
    with pytest.raises(CommandError, match="saknas"):
        _restore(folder, "--yes")
    with pytest.raises(CommandError, match="går inte att läsa"):
        _restore(tmp_path / "finns-inte", "--yes")


def test_a_restore_whose_row_counts_differ_from_the_manifest_fails_naming_the_table(media, tmp_path):
    folder = _backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["table_counts"]["organisation_unit"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="ofullständig"):
        _restore(folder, "--yes")


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_restored_audit_log_that_was_altered_in_the_backup_fails_the_restore(media, tmp_path, world):
    clean = _backup(tmp_path / "clean")
    folder = _backup(tmp_path)
    database = folder / "database.sqlite3"
    altered = sqlite3.connect(database)
    for (name,) in altered.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditentry'"):
        altered.execute(f'DROP TRIGGER "{name}"')
    altered.execute("UPDATE audit_auditentry SET note = 'ändrad' WHERE id = (SELECT MIN(id) FROM audit_auditentry)")
    altered.commit()
    altered.close()
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["database.sqlite3"] = sha256_of(database)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    try:
        with pytest.raises(CommandError, match="Loggen är bruten"):
            _restore(folder, "--yes")
    finally:
        # The altered copy, without its guards, is what the database now holds: the clean copy puts them back, so the
        # tests that run after this one on the same database find the log guarded.
        _restore(clean, "--yes")
