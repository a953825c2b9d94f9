"""Throwaway TLS material for tests: a private CA and a server certificate for 127.0.0.1.

Made with the ``openssl`` command-line tool (a system package, see scripts/setup-debian) in a
directory the test owns, valid for two days, never reused between runs. RSA 2048 / SHA-256 so the
OpenSSL 1.0.2 inside the pjsua2 wheel accepts it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

OPENSSL = "openssl"

_SERVER_EXTENSIONS = """\
subjectAltName={san}
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
"""


@dataclass(frozen=True)
class TlsFiles:
    """``ca_file`` is what a client trusts; ``cert_file``/``key_file`` are the server's."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def _openssl(*args: str) -> None:
    result = subprocess.run([OPENSSL, *args], capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {result.stderr.strip()}")


def make_test_certificates(directory: Path, server_san: str = "IP:127.0.0.1") -> TlsFiles:
    """Create ``ca.pem`` and ``server.pem`` (+ keys) in ``directory`` and return their paths.

    ``server_san`` is the server certificate's subjectAltName (another name makes a certificate
    that the CA vouches for but that does not match the server's address).
    """
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = directory / "ca.key", directory / "ca.pem"
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    ext = directory / "server.ext"
    ext.write_text(_SERVER_EXTENSIONS.format(san=server_san))
    rsa = ["-newkey", "rsa:2048", "-nodes", "-sha256"]
    _openssl(
        "req", "-x509", *rsa, "-keyout", str(ca_key), "-out", str(ca_cert), "-days", "2",
        "-subj", "/CN=softphone test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    _openssl("req", *rsa, "-keyout", str(key), "-out", str(csr), "-subj", "/CN=softphone test server")
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key),
        "-set_serial", "2", "-days", "2", "-sha256", "-extfile", str(ext), "-out", str(cert),
    )  # fmt: skip
    return TlsFiles(ca_file=ca_cert, cert_file=cert, key_file=key)
