"""Pure SIP text helpers: parse a raw SIP message's headers, pull numbers out of URIs,
detect auto-answer requests (Call-Info ``answer-after`` / Alert-Info forms) and read the SDP
direction. No pjsua2 here, so it is unit-testable on its own. Log lines mask numbers with
``softphone.domain.masking``."""

from __future__ import annotations

import re

# RFC 3261 compact header forms -> full names (lower case).
_COMPACT = {
    "i": "call-id",
    "m": "contact",
    "e": "content-encoding",
    "l": "content-length",
    "c": "content-type",
    "f": "from",
    "s": "subject",
    "k": "supported",
    "t": "to",
    "v": "via",
    "r": "refer-to",
    "b": "referred-by",
}
_MAX_HEADERS = 200
_ANSWER_AFTER = re.compile(r"answer-after\s*=\s*\"?(\d+(?:\.\d+)?)", re.IGNORECASE)
_URI_IN_BRACKETS = re.compile(r"<([^>]*)>")
_DISPLAY_QUOTED = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"')


def clean_text(text: str) -> str:
    """Valid text from a string pjsua2 handed over: SWIG turns bytes that are not UTF-8 into lone
    surrogates, which nothing downstream can encode (SQLite, logs, Qt). They become U+FFFD here,
    where the engine makes its events, so no consumer ever meets one."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:  # the original bytes back (SWIG's escapes), then decoded with replacement
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # surrogates that stand for no byte
            return text.encode("utf-8", "replace").decode("utf-8")
    return text


def parse_headers(message: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """Split a raw SIP message into its start line and headers (lower-case names, values in order).

    Folded continuation lines are joined; the body is ignored; compact names are expanded.
    Malformed lines (no colon) are skipped rather than raising.
    """
    head = message.replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = head.split("\n")
    start_line = lines[0].strip() if lines else ""
    headers: dict[str, list[str]] = {}
    last: str | None = None
    for line in lines[1 : _MAX_HEADERS + 1]:
        if not line.strip():
            continue
        if line[0] in " \t" and last is not None:
            headers[last][-1] = f"{headers[last][-1]} {line.strip()}"
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            continue
        key = name.strip().lower()
        key = _COMPACT.get(key, key)
        headers.setdefault(key, []).append(value.strip())
        last = key
    return start_line, {k: tuple(v) for k, v in headers.items()}


def request_uri(start_line: str) -> str:
    """The Request-URI of a request start line (``INVITE sip:x@y SIP/2.0``), or ""."""
    parts = start_line.split()
    return parts[1] if len(parts) == 3 and parts[2].upper().startswith("SIP/") else ""


def uri_of(name_addr: str) -> str:
    """The URI inside a From/To/Contact value, without display name or header params."""
    match = _URI_IN_BRACKETS.search(name_addr)
    if match:
        return match.group(1).strip()
    return name_addr.split(";", 1)[0].strip()


def user_part(uri_or_name_addr: str) -> str:
    """The user part of a SIP URI (``sip:+4930123@host;user=phone`` -> ``+4930123``), or ""."""
    uri = uri_of(uri_or_name_addr)
    scheme, sep, rest = uri.partition(":")
    if not sep:
        rest = scheme
    elif scheme.lower() == "tel":
        return rest.split(";", 1)[0]
    if "@" not in rest:
        return ""
    return rest.split("@", 1)[0].split(";", 1)[0]


def split_header_list(value: str) -> list[str]:
    """The entries of a comma-separated header value (commas inside ``<...>`` or quotes kept)."""
    entries: list[str] = []
    current: list[str] = []
    in_angle = in_quote = False
    for ch in value:
        if ch == '"' and not in_angle:
            in_quote = not in_quote
        elif ch == "<" and not in_quote:
            in_angle = True
        elif ch == ">" and not in_quote:
            in_angle = False
        if ch == "," and not in_angle and not in_quote:
            entries.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    entries.append("".join(current).strip())
    return [e for e in entries if e]


def called_number(start_line: str, headers: dict[str, tuple[str, ...]]) -> str:
    """The number the caller dialled, which picks the shop: the first diversion's original target
    (the LAST ``Diversion`` entry: each diverting hop adds its own on top), else
    ``P-Called-Party-ID``, else the user of ``To``, else of the Request-URI. A PBX that forwards a
    shop's line to the operator keeps the line in ``Diversion`` / ``P-Called-Party-ID``; ``To`` then
    often names the operator."""
    diversions = [e for value in headers.get("diversion", ()) for e in split_header_list(value)]
    candidates = [
        *diversions[-1:],
        *(headers.get("p-called-party-id", ())[:1]),
        *(headers.get("to", ())[:1]),
    ]
    for candidate in candidates:
        user = user_part(candidate)
        if user:
            return user
    return user_part(request_uri(start_line))


def display_name(name_addr: str) -> str:
    """The display name of a From/To value (quoted or token form), or ""."""
    quoted = _DISPLAY_QUOTED.match(name_addr)
    if quoted:
        return quoted.group(1).replace('\\"', '"')
    if "<" in name_addr:
        return name_addr.split("<", 1)[0].strip()
    return ""


def auto_answer_delay(headers: dict[str, tuple[str, ...]]) -> float | None:
    """Seconds after which the INVITE asks to be answered automatically, or None.

    Recognised: ``Call-Info: <uri>;answer-after=N``, ``Alert-Info: <uri>;info=alert-autoanswer``,
    ``Alert-Info: ...;answer-after=N``, ``Alert-Info: Auto Answer`` and ``Answer-Mode: Auto``.
    """
    for value in headers.get("call-info", ()):
        match = _ANSWER_AFTER.search(value)
        if match:
            return float(match.group(1))
    for value in headers.get("alert-info", ()):
        match = _ANSWER_AFTER.search(value)
        if match:
            return float(match.group(1))
        lowered = value.lower()
        if "info=alert-autoanswer" in lowered or "auto answer" in lowered or "autoanswer" in lowered:
            return 0.0
    for value in headers.get("answer-mode", ()):
        if value.split(";", 1)[0].strip().lower() == "auto":
            return 0.0
    return None


def sdp_direction(sdp: str) -> str:
    """The audio stream direction of an SDP body: sendrecv, sendonly, recvonly or inactive.

    A media-level attribute wins over the session-level one; port 0 means inactive.
    """
    session_dir = "sendrecv"
    media_dir: str | None = None
    in_audio = False
    for raw in sdp.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("m="):
            in_audio = line.startswith("m=audio")
            if in_audio and len(line.split()) > 1 and line.split()[1] == "0":
                return "inactive"
        elif line in ("a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive"):
            if in_audio:
                media_dir = line[2:]
            elif media_dir is None:
                session_dir = line[2:]
    return media_dir or session_dir
