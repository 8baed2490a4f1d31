"""The audit log as keyed hash chains, so that a change made behind the application's back is found.

Each entry belongs to one chain: the top unit of its unit tree (one per municipality in practice), or
the global chain 0 for entries outside the tree (logins, API keys). Its ``hash`` is an HMAC-SHA256,
under a key the database does not hold (``AUDIT_CHAIN_KEY``), over its content, its place in the
chain and the previous entry's hash. The records an entry read (AuditRead rows) are part of its
content. The chain's head row (AuditChain) holds the last link, so removing entries at the end, or
all of them, leaves a head that no longer matches.

Someone with only database access can edit, delete or insert rows, but cannot compute a hash that
fits; ``verify`` walks every chain and names the first broken link. Emptying the log and the heads
together leaves a consistent but empty log: the anchor file (``AUDIT_ANCHOR_FILE``, outside the
database) keeps the heads each successful verification saw, and a later verification that finds the
log behind them reports it.
"""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lots.audit.models import AuditChain, AuditEntry, AuditRead
from lots.organisation.models import PATH_STEP

GLOBAL_CHAIN = 0
_WALK_CHUNK = 2000


def chain_of(unit_path: str) -> int:
    """The chain of an entry about a unit with ``unit_path``: its top unit's id, or 0 without a unit."""
    return int(unit_path[: PATH_STEP - 1]) if unit_path else GLOBAL_CHAIN


def key() -> bytes:
    """The chain key: ``AUDIT_CHAIN_KEY``, or one derived from ``SECRET_KEY``.

    A throw-away secret key (a command run without SECRET_KEY) would sign entries nobody could verify
    later, so it is refused.
    """
    configured = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if configured:
        return configured.encode()
    if getattr(settings, "SECRET_KEY_IS_EPHEMERAL", False):
        raise ImproperlyConfigured("Set SECRET_KEY or LOTS_AUDIT_CHAIN_KEY: a throw-away key cannot sign the audit log.")
    return hmac.new(settings.SECRET_KEY.encode(), b"lots.audit.chain", hashlib.sha256).digest()


def _content_type_label(content_type_id: int | None) -> str | None:
    if content_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _utc(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def digest(fields: dict, reads: list[tuple[int, str]], previous: str, secret: bytes) -> str:
    """The hash of one link: ``fields`` are the entry's columns (as ``AuditEntry`` names them), ``reads`` its
    (content type id, object id) pairs, ``previous`` the hash before it. Content types enter by their natural
    key and times in UTC, so the result is the same on every database and after a dump and restore."""
    content = {
        "chain": fields["chain"],
        "seq": fields["seq"],
        "previous": previous,
        "at": _utc(fields["at"]),
        "actor": fields["actor_id"],
        "actor_name": fields["actor_name"],
        "action": fields["action"],
        "content_type": _content_type_label(fields["content_type_id"]),
        "object_id": fields["object_id"],
        "object_repr": fields["object_repr"],
        "unit_id": fields["unit_id"],
        "unit_path": fields["unit_path"],
        "changes": _canonical(fields["changes"]),
        "note": fields["note"],
        "reads": sorted(f"{_content_type_label(ct)}:{object_id}" for ct, object_id in reads),
    }
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def _canonical(value):
    """``value`` with whole floats as integers: PostgreSQL's jsonb gives back 1e16 as 10000000000000000 and may give
    11.0 as 11, so the hash must not tell them apart."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


HASHED_FIELDS = [
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "unit_id",
    "unit_path",
    "changes",
    "note",
]


def append(entry: AuditEntry, reads: list[tuple[int, str]] = ()) -> AuditEntry:
    """Insert ``entry`` (unsaved) as the next link of its chain, with its ``reads`` as (content type id, object id).

    The chain's head row stays locked until the surrounding transaction ends, so it is taken as the last
    step, right before the insert. On SQLite the database serialises writers anyway.
    """
    entry.chain = chain_of(entry.unit_path)
    secret = key()
    # No savepoint: a failed append must fail the caller's whole transaction anyway, and this saves two queries.
    with transaction.atomic(savepoint=False):
        head = _locked_head(entry.chain)
        entry.seq = head.seq + 1
        entry.hash = digest({name: getattr(entry, name) for name in HASHED_FIELDS}, list(reads), head.hash, secret)
        entry.save(force_insert=True)
        if reads:
            AuditRead.objects.bulk_create(
                AuditRead(entry=entry, content_type_id=content_type, object_id=object_id) for content_type, object_id in reads
            )
        AuditChain.objects.filter(pk=head.pk).update(seq=entry.seq, hash=entry.hash)
    return entry


def _locked_head(chain: int) -> AuditChain:
    heads = list(AuditChain.objects.select_for_update().filter(pk=chain))
    if not heads:
        AuditChain.objects.bulk_create([AuditChain(pk=chain, seq=0, hash="")], ignore_conflicts=True)
        heads = list(AuditChain.objects.select_for_update().filter(pk=chain))
    return heads[0]


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain (``seq`` None when the fault is not one entry), or a missing guard."""

    chain: int | None
    seq: int | None
    entry_id: int | None
    reason: str

    @property
    def key(self) -> str:
        return f"{self.chain}:{self.seq}:{self.entry_id}:{hashlib.sha256(self.reason.encode()).hexdigest()[:12]}"

    def __str__(self) -> str:
        where = _("kedja %(chain)s") % {"chain": self.chain} if self.chain is not None else _("databasen")
        if self.seq is not None:
            where += ", " + _("länk %(seq)s") % {"seq": self.seq}
        if self.entry_id is not None:
            where += " " + _("(post-id %(id)s)") % {"id": self.entry_id}
        return f"{where}: {self.reason}"


@dataclass
class Result:
    breaks: list[Break]
    entries: int
    chains: int

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(*, anchor_file: Path | None = None) -> Result:
    """Walk every chain and report its first broken link, entries outside any chain, heads that do not match
    their chain's end, missing or disabled triggers, and chains shorter than ``anchor_file`` (the heads the
    last successful verification saw). After a verification without breaks the anchor file is updated."""
    secret = key()
    breaks = _missing_guards()
    unchained = AuditEntry.objects.filter(seq__isnull=True).order_by("id").values_list("id", flat=True).first()
    if unchained is not None:
        breaks.append(Break(None, None, unchained, _("posten ingår inte i någon kedja (skriven förbi programmet)")))
    heads = {head.pk: head for head in AuditChain.objects.all()}
    chains = sorted(set(heads) | set(AuditEntry.objects.filter(chain__isnull=False).values_list("chain", flat=True).distinct()))
    entries = 0
    for chain in chains:
        found, counted = _walk(chain, heads.get(chain), secret)
        entries += counted
        if found is not None:
            breaks.append(found)
    try:
        anchor = _read_anchor(anchor_file)
    except (ValueError, KeyError, TypeError, AttributeError):
        anchor = {}
        unreadable = _("filen med förra kontrollens kedjor (%(file)s) går inte att läsa") % {"file": anchor_file}
        breaks.append(Break(None, None, None, unreadable))
    for chain, (seq, hash_) in sorted(anchor.items()):
        head = heads.get(chain)
        if head is None or head.seq < seq:
            shorter = _("kedjan är kortare än vid förra kontrollen (då %(seq)s länkar)") % {"seq": seq}
            breaks.append(Break(chain, seq, None, shorter))
        elif not AuditEntry.objects.filter(chain=chain, seq=seq, hash=hash_).exists():
            breaks.append(Break(chain, seq, None, _("länken som förra kontrollen såg som sista har bytts ut")))
    if not breaks and anchor_file is not None:
        _write_anchor(anchor_file, {chain: (head.seq, head.hash) for chain, head in heads.items()})
    return Result(breaks, entries, len(chains))


def _walk(chain: int, head: AuditChain | None, secret: bytes) -> tuple[Break | None, int]:
    previous_seq, previous_hash, last_id, counted = 0, "", None, 0
    entries = AuditEntry.objects.filter(chain=chain).order_by("seq")
    while True:
        rows = list(entries.filter(seq__gt=previous_seq).values("id", "hash", *HASHED_FIELDS)[:_WALK_CHUNK])
        if not rows:
            break
        reads: dict[int, list[tuple[int, str]]] = {}
        for entry_id, content_type_id, object_id in AuditRead.objects.filter(entry_id__in=[r["id"] for r in rows]).values_list(
            "entry_id", "content_type_id", "object_id"
        ):
            reads.setdefault(entry_id, []).append((content_type_id, object_id))
        for row in rows:
            counted += 1
            if row["seq"] != previous_seq + 1:
                missing = _("länk %(seq)s saknas (borttagen)") % {"seq": previous_seq + 1}
                return Break(chain, previous_seq + 1, None, missing), counted
            if not hmac.compare_digest(digest(row, reads.get(row["id"], []), previous_hash, secret), row["hash"]):
                altered = _("innehållet stämmer inte med länkens kontrollsumma (ändrad eller infogad)")
                return Break(chain, row["seq"], row["id"], altered), counted
            previous_seq, previous_hash, last_id = row["seq"], row["hash"], row["id"]
    if head is None:
        return Break(chain, None, last_id, _("kedjans huvud saknas")), counted
    if head.seq != previous_seq or head.hash != previous_hash:
        reason = _("kedjan slutar på länk %(last)s men huvudet anger %(head)s (poster borttagna i slutet)") % {
            "last": previous_seq,
            "head": head.seq,
        }
        return Break(chain, previous_seq + 1, None, reason), counted
    return None, counted


def _read_anchor(anchor_file: Path | None) -> dict[int, tuple[int, str]]:
    if anchor_file is None or not anchor_file.exists():
        return {}
    data = json.loads(anchor_file.read_text())
    return {int(chain): (int(seq), str(hash_)) for chain, (seq, hash_) in data["chains"].items()}


def _write_anchor(anchor_file: Path, heads: dict[int, tuple[int, str]]) -> None:
    anchor_file.parent.mkdir(parents=True, exist_ok=True)
    partial = anchor_file.with_name(anchor_file.name + ".tmp")
    partial.write_text(json.dumps({"chains": {str(chain): list(head) for chain, head in sorted(heads.items())}}, indent=1))
    partial.replace(anchor_file)


# The triggers that keep the log append-only, by database; verified present and enabled.
TRIGGERS = {
    "postgresql": {
        "audit_auditentry": {"audit_auditentry_append_only", "audit_auditentry_no_truncate"},
        "audit_auditread": {"audit_auditread_append_only", "audit_auditread_no_truncate"},
        "audit_auditchain": {"audit_auditchain_forward_only", "audit_auditchain_no_truncate"},
    },
    "sqlite": {
        "audit_auditentry": {"audit_auditentry_no_update", "audit_auditentry_no_delete"},
        "audit_auditread": {"audit_auditread_no_update", "audit_auditread_no_delete"},
        "audit_auditchain": {"audit_auditchain_forward_only", "audit_auditchain_no_delete"},
    },
}


def _missing_guards() -> list[Break]:
    expected = TRIGGERS.get(connection.vendor, {})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(%s)",
                [list(expected)],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return []
        present = set(cursor.fetchall())
    return [
        Break(None, None, None, _("skyddet %(name)s på %(table)s saknas eller är avstängt") % {"name": name, "table": table})
        for table, names in sorted(expected.items())
        for name in sorted(names)
        if (table, name) not in present
    ]
