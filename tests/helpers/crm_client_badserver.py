"""A tiny real HTTP(S) server on loopback that answers with canned, possibly malformed replies.

Used to check how the CRM client copes with bad JSON, HTML error pages, wrong types, huge bodies,
rate limits and wrong tokens. Each route is ``(status, headers, body)``; ``body`` may be bytes or a
callable producing chunks (for a huge streamed body). Every request is recorded.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    body: Body = b"{}"
    length: bool = True  # send Content-Length (False: close-delimited body)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]


class CannedServer:
    """Routes are looked up by path without the query string; unknown paths get a JSON 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()

    def next_reply(self, path: str) -> Reply:
        with self._lock:
            found = self.routes.get(path)
            if isinstance(found, list):
                return found.pop(0) if len(found) > 1 else found[0]
            return found or Reply(404, body=b'{"error": {"code": "not_found", "message": "no route"}}')

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)


def _handler(canned: CannedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _serve(self) -> None:
            path = self.path.split("?", 1)[0]
            with canned._lock:
                canned.requests.append(Recorded(self.command, path, dict(self.headers.items())))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            reply = canned.next_reply(path)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if isinstance(reply.body, bytes):
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                return
            if reply.length:
                raise ValueError("streamed bodies are sent without Content-Length")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for chunk in reply.body():
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass

        do_GET = _serve
        do_POST = _serve
        do_PATCH = _serve

    return Handler


@contextmanager
def canned_server(tls: tuple[Path, Path] | None = None) -> Iterator[tuple[str, CannedServer]]:
    """Yields (base_url, CannedServer); ``tls`` = (certfile, keyfile) serves HTTPS."""
    canned = CannedServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(canned))
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(str(tls[0]), str(tls[1]))
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}", canned
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def huge_json_chunks(total_bytes: int) -> Callable[[], Iterator[bytes]]:
    """A syntactically valid JSON list far bigger than any sane reply, produced lazily."""

    def gen() -> Iterator[bytes]:
        chunk = b'{"x": "' + b"a" * 65_000 + b'"},'
        yield b"["
        sent = 1
        while sent < total_bytes:
            yield chunk
            sent += len(chunk)
        yield b"{}]"

    return gen


def make_ca_and_cert(directory: Path) -> tuple[Path, Path, Path]:
    """A private CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "softphone test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    ca_path.write_bytes(ca.public_bytes(pem))
    cert_path.write_bytes(cert.public_bytes(pem))
    key_path.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_path, cert_path, key_path
