"""Backup and restore of the database and the media folder, as one folder a person can copy off the host.

A backup folder holds ``database.sqlite3`` (SQLite's online backup API) or ``database.pgdump`` (``pg_dump
--format=custom``), ``media.tar`` (everything under MEDIA_ROOT: attachments and archived documents) and
``manifest.json`` with the SHA-256 of both files and the row count of every table when the backup was taken.
A restore checks the checksums before it touches anything and compares the counts afterwards.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media.tar"


class BackupError(Exception):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows per table in the default database, every table Django's introspection finds (not only models')."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _database_file() -> str:
    return "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"


def _pg_environment() -> tuple[list[str], dict]:
    params = connection.settings_dict
    args = [f"--dbname={params['NAME']}"]
    if params.get("HOST"):
        args.append(f"--host={params['HOST']}")
    if params.get("PORT"):
        args.append(f"--port={params['PORT']}")
    if params.get("USER"):
        args.append(f"--username={params['USER']}")
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} misslyckades: {done.stderr.strip()}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-password", f"--file={target}", *args], env)
    else:
        raise BackupError(f"Ingen säkerhetskopiering för databasen {connection.vendor}.")


def _load_database(source: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        # pg_restore opens its own session; Django's must not hold locks on the tables it replaces.
        connections.close_all()
        args, env = _pg_environment()
        options = ["--clean", "--if-exists", "--exit-on-error", "--single-transaction", "--no-password"]
        _run(["pg_restore", *options, *args, str(source)], env)
    else:
        raise BackupError(f"Ingen återläsning för databasen {connection.vendor}.")


def _pack_media(target: Path, media_root: Path) -> None:
    with tarfile.open(target, "w") as archive:
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)


def _unpack_media(source: Path, media_root: Path) -> None:
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(source) as archive:
        archive.extractall(media_root, filter="data")


def backup_create(*, destination: Path, now: datetime.datetime | None = None) -> Path:
    """Write a new backup folder under ``destination`` and return it. Reads only; the running site may stay up."""
    now = now or timezone.now()
    folder = Path(destination) / f"lots-{now.strftime('%Y%m%d-%H%M%S')}"
    folder.mkdir(parents=True, exist_ok=False)
    database = folder / _database_file()
    counts = table_counts()
    _dump_database(database)
    _pack_media(folder / MEDIA, Path(settings.MEDIA_ROOT))
    manifest = {
        "created_at": now.isoformat(),
        "vendor": connection.vendor,
        "files": {database.name: sha256_of(database), MEDIA: sha256_of(folder / MEDIA)},
        "table_counts": counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return folder


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, after checking that its files are there and unchanged; BackupError otherwise."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path} går inte att läsa: {error}") from error
    for name, checksum in files.items():
        file = Path(folder) / name
        if not file.is_file():
            raise BackupError(f"{file} saknas.")
        if sha256_of(file) != checksum:
            raise BackupError(f"{file} har ändrats sedan säkerhetskopian togs (kontrollsumman stämmer inte).")
    return manifest


def backup_restore(*, source: Path) -> dict[str, tuple[int | None, int]]:
    """Replace the database and the media folder with the backup's. Returns the tables whose row count differs
    from the manifest's (expected, found); empty when the restore is complete. Run it with the site stopped."""
    manifest = read_manifest(source)
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(f"Säkerhetskopian är från {manifest.get('vendor')}, databasen är {connection.vendor}.")
    _load_database(Path(source) / _database_file())
    _unpack_media(Path(source) / MEDIA, Path(settings.MEDIA_ROOT))
    found = table_counts()
    expected = manifest["table_counts"]
    return {
        name: (expected.get(name), found.get(name, 0))
        for name in sorted(set(expected) | set(found))
        if expected.get(name) != found.get(name, 0)
    }
