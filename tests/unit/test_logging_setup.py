"""The app's logging: phone numbers never reach the log file in clear."""

from __future__ import annotations

import logging
from pathlib import Path

from softphone.logging_setup import configure_logging


def test_log_file_has_no_clear_phone(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    path = configure_logging("INFO", tmp_path)
    assert path is not None
    try:
        logging.getLogger("test").info("incoming call from %s", "+74951234567")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "4951234567" not in text
        assert "incoming call from +*********67" in text
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
