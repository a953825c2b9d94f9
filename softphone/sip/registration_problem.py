"""Why a registration failed, as a kind the UI can put into one short translated sentence.

pjsua reports a REGISTER result as a status code and a text that is often an internal error
("502 gethostbyname() has returned error (PJ_ERESOLVE)"). ``classify`` maps the pair to a
``RegistrationProblem``; the engine puts the kind (and the server's host) on
``RegistrationChanged`` and keeps pjsua's full text in ``reason`` for the details. Qt-free.

Texts seen from pjsua 2.15 on this machine (see tests/unit/sip/test_registration_problem.py):

| pjsua says                                              | kind              |
|---------------------------------------------------------|-------------------|
| 502 gethostbyname() has returned error (PJ_ERESOLVE)    | HOST_NOT_FOUND    |
| 503 Connection refused (TCP/TLS, nothing listening)     | UNREACHABLE       |
| 408 Request Timeout (UDP, nobody answers)               | TIMEOUT           |
| 401 / 407 Unauthorized                                  | WRONG_PASSWORD    |
| 403 Forbidden                                           | FORBIDDEN         |
| 404 Not Found                                           | UNKNOWN_USER      |
| TLS certificate rejected (``Registration.on_tls_rejected``) | TLS_CERTIFICATE |
| 5xx/6xx from the server itself                          | SERVER_ERROR      |
"""

from __future__ import annotations

import enum
import re


class RegistrationProblem(enum.StrEnum):
    HOST_NOT_FOUND = "host_not_found"  # the registrar's name does not resolve
    TIMEOUT = "timeout"  # nothing answered the REGISTER
    UNREACHABLE = "unreachable"  # connection refused / no route to the server
    WRONG_PASSWORD = "wrong_password"  # 401/407
    FORBIDDEN = "forbidden"  # 403
    UNKNOWN_USER = "unknown_user"  # 404
    TLS_CERTIFICATE = "tls_certificate"  # the server's certificate was not trusted
    TRANSPORT_ERROR = "transport_error"  # any other local/network error before an answer
    SERVER_ERROR = "server_error"  # the server answered with an error of its own
    CONFIGURATION = "configuration"  # the account cannot work as configured (e.g. transport mismatch)
    NO_ACCOUNT = "no_account"  # nothing configured yet (set by the composition root)
    NO_PASSWORD = "no_password"  # no password saved (set by the composition root)
    OTHER = "other"


_HOST_NOT_FOUND = re.compile(r"PJ_ERESOLVE|resolve|gethostbyname|not known|ENOTFOUND|NXDOMAIN", re.I)
_UNREACHABLE = re.compile(r"refused|unreachable|no route|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH", re.I)
_TIMEOUT = re.compile(r"time(d)?\s*out|ETIMEDOUT", re.I)
_TLS = re.compile(r"\bTLS\b|SSL|certificate", re.I)
# pjsua's own status for a request that never got an answer (transport failure) carries the error
# name in brackets, e.g. "(PJSIP_ETPNOTSUITABLE)"; a real server answer has a plain reason phrase.
_PJ_ERROR = re.compile(r"\((PJ\w*_E\w+|PJ_E\w+)\)|Transport error|Unable to send", re.I)


def classify(code: int, reason: str, *, tls_rejected: bool = False) -> RegistrationProblem:
    """The kind of a failed REGISTER from its status code and pjsua's text."""
    if tls_rejected:
        return RegistrationProblem.TLS_CERTIFICATE
    if code in (401, 407):
        return RegistrationProblem.WRONG_PASSWORD
    if code == 403:
        return RegistrationProblem.FORBIDDEN
    if code == 404:
        return RegistrationProblem.UNKNOWN_USER
    if _HOST_NOT_FOUND.search(reason):
        return RegistrationProblem.HOST_NOT_FOUND
    if _UNREACHABLE.search(reason):
        return RegistrationProblem.UNREACHABLE
    if code == 408 or _TIMEOUT.search(reason):
        return RegistrationProblem.TIMEOUT
    if _TLS.search(reason):
        return RegistrationProblem.TLS_CERTIFICATE
    if code == 0 or _PJ_ERROR.search(reason):
        return RegistrationProblem.TRANSPORT_ERROR
    if code >= 500:
        return RegistrationProblem.SERVER_ERROR
    return RegistrationProblem.OTHER


def host_of(uri: str) -> str:
    """The host of a SIP URI or ``host[:port]``: "sip:pbx.example.com:5061;lr" -> "pbx.example.com"."""
    text = uri.strip()
    if "<" in text:
        text = text.split("<", 1)[1].split(">", 1)[0]
    text = re.sub(r"^sips?:", "", text, flags=re.I)
    text = text.split(";", 1)[0].split("?", 1)[0]
    text = text.rsplit("@", 1)[-1]
    if text.startswith("["):  # IPv6 literal
        return text[1:].split("]", 1)[0]
    return text.split(":", 1)[0]
