"""SIP engine: the only package that talks to pjsua2 (``engine.SipEngine`` and its parts), plus
Qt-free helpers."""
