"""The key pair Lots signs SAML messages with (and identity providers encrypt assertions to).

Production names its files with ``LOTS_SAML_KEY_FILE`` and ``LOTS_SAML_CERT_FILE``. Where those are not set, a
self-signed pair is made under ``var/saml/`` the first time it is needed, for development and the demo.
"""

import datetime
import fcntl
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings


class KeyPairMissing(Exception):
    pass


def make_key_pair(common_name: str, *, days: int = 3650) -> tuple[bytes, bytes]:
    """A new RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def write_key_pair(key_path: Path, cert_path: Path, common_name: str) -> None:
    """Make a pair and write it, the key readable by its owner only. Several processes may start at once (test
    workers, the web server and its worker): a lock file lets one of them write while the others wait for it."""
    key_path.parent.mkdir(parents=True, exist_ok=True)
    with open(key_path.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if key_path.exists() and cert_path.exists():
                return
            key_pem, cert_pem = make_key_pair(common_name)
            for path, data, mode in ((key_path, key_pem, 0o600), (cert_path, cert_pem, 0o644)):
                tmp = path.with_name(path.name + ".tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def sp_key_pair() -> tuple[str, str]:
    """Paths of the service provider's key and certificate. Makes the throwaway pair when no files were named;
    raises ``KeyPairMissing`` when named files are missing."""
    key_path, cert_path = Path(settings.LOTS_SAML_KEY_FILE), Path(settings.LOTS_SAML_CERT_FILE)
    if key_path.exists() and cert_path.exists():
        return str(key_path), str(cert_path)
    if not settings.LOTS_SAML_KEY_PAIR_GENERATED:
        raise KeyPairMissing(f"SAML key or certificate missing: {key_path}, {cert_path}")
    write_key_pair(key_path, cert_path, "Lots SAML SP")
    return str(key_path), str(cert_path)


def certificate_body(cert_path: str) -> str:
    """The certificate's base64 body, as metadata and KeyInfo carry it."""
    lines = Path(cert_path).read_text().strip().splitlines()
    return "".join(line for line in lines if not line.startswith("-----"))
