"""Logging for the whole app: stderr plus a rotating file, with personal data masked.

Code masks what it knows is personal (names, addresses) at the call site with
``softphone.domain.masking``; this filter is the safety net that applies the same policy
(``mask_text``) to every record, so a careless ``log.info("%s", number)`` cannot leak a
customer's phone.

httpx and httpcore log every request at INFO (hundreds a second while the outbox delivers); they are
held at WARNING, so the log keeps their failures only. The CRM client logs what it does itself.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from softphone.domain.masking import mask_text

QUIET_LIBRARIES = ("httpx", "httpcore")  # held at WARNING: their INFO is a line per request


class PersonalDataFilter(logging.Filter):
    """Masks phone-number-shaped text in the final message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


def log_directory() -> Path:
    return Path(platformdirs.user_log_dir("softphone", appauthor=False))


def configure_logging(level: str = "INFO", log_dir: Path | None = None) -> Path | None:
    """Send logs to stderr and to ``softphone.log`` in the log directory; returns the file path."""
    root = logging.getLogger()
    root.setLevel(level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    personal = PersonalDataFilter()
    stderr = logging.StreamHandler()
    stderr.setFormatter(formatter)
    stderr.addFilter(personal)
    root.addHandler(stderr)
    directory = log_dir or log_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "softphone.log"
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write a log file in %s: %s", directory, exc)
        return None
    file_handler.setFormatter(formatter)
    file_handler.addFilter(personal)
    root.addHandler(file_handler)
    return path
