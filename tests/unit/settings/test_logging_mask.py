"""Phone numbers never reach the log in clear."""

from __future__ import annotations

import logging
from pathlib import Path

from softphone.logging_setup import configure_logging, mask_phone_like


def test_phone_formats_are_masked() -> None:
    assert mask_phone_like("call from +7 (495) 123-45-67 ok") == "call from ***67 ok"
    assert mask_phone_like("sip:89161234599@127.0.0.1") == "sip:***99@127.0.0.1"
    assert mask_phone_like("port 5060 and 12 items") == "port 5060 and 12 items"


def test_log_file_has_no_clear_phone(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    path = configure_logging("INFO", tmp_path)
    assert path is not None
    logging.getLogger("test").info("incoming call from %s", "+74951234567")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "4951234567" not in text
    assert "***67" in text
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)
