"""Registration failures, as pjsua reports them on this machine, map to the kind the UI words."""

from __future__ import annotations

import pytest

from softphone.sip.backoff import failure_reason
from softphone.sip.registration_problem import RegistrationProblem as P
from softphone.sip.registration_problem import classify, host_of

# (code, text) as RegistrationChanged carries them; the first three from a real engine (probe: an
# unresolvable registrar, nothing listening on UDP / TCP / TLS, Kamailio with digest auth)
REAL = [
    (502, "502 gethostbyname() has returned error (PJ_ERESOLVE)", P.HOST_NOT_FOUND),
    (408, "408 Request Timeout", P.TIMEOUT),
    (503, "503 Connection refused", P.UNREACHABLE),
    (401, failure_reason(401, "Unauthorized"), P.WRONG_PASSWORD),
    (407, failure_reason(407, "Proxy Authentication Required"), P.WRONG_PASSWORD),
    (403, failure_reason(403, "Forbidden"), P.FORBIDDEN),
    (404, failure_reason(404, "Not Found"), P.UNKNOWN_USER),
    (503, "503 Service Unavailable", P.SERVER_ERROR),
    (500, "500 Server Internal Error", P.SERVER_ERROR),
    (503, "cannot send REGISTER: Unsuitable transport selected (PJSIP_ETPNOTSUITABLE)", P.TRANSPORT_ERROR),
    (171060, "Network is unreachable", P.UNREACHABLE),
]


@pytest.mark.parametrize(("code", "text", "kind"), REAL)
def test_real_pjsua_texts_are_classified(code: int, text: str, kind: P) -> None:
    assert classify(code, text) is kind


def test_a_rejected_certificate_wins_over_the_status_code() -> None:
    assert classify(503, "503 Connection reset", tls_rejected=True) is P.TLS_CERTIFICATE


@pytest.mark.parametrize(
    ("uri", "host"),
    [
        ("sip:pbx.example.com", "pbx.example.com"),
        ("sips:pbx.example.com:5061;transport=tls", "pbx.example.com"),
        ("<sip:registrar@10.0.0.5:5080;lr>", "10.0.0.5"),
        ("sip:[2001:db8::1]:5060", "2001:db8::1"),
    ],
)
def test_host_of_a_registrar_uri(uri: str, host: str) -> None:
    assert host_of(uri) == host
