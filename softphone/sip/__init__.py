"""SIP engine: the only place that talks to pjsua2 (engine.py), plus Qt-free helpers."""
