"""The app's logging: phone numbers never reach the log file in clear; HTTP libraries do not log
every request."""

from __future__ import annotations

import http.server
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from softphone.logging_setup import QUIET_LIBRARIES, configure_logging


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's logging set up at INFO into ``tmp_path``; the previous set-up restored afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_quiet = {name: logging.getLogger(name).level for name in QUIET_LIBRARIES}
    path = configure_logging("INFO", tmp_path)
    assert path is not None
    try:
        yield path
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
        for name, level in saved_quiet.items():
            logging.getLogger(name).setLevel(level)


def logged_text(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_log_file_has_no_clear_phone(log_file: Path) -> None:
    logging.getLogger("test").info("incoming call from %s", "+74951234567")
    text = logged_text(log_file)
    assert "4951234567" not in text
    assert "incoming call from +*********67" in text


def test_an_http_request_is_not_logged_at_info(log_file: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with httpx.Client(timeout=5) as client:
            response = client.get(f"http://127.0.0.1:{server.server_address[1]}/orders")
        assert response.text == "ok"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    logging.getLogger("softphone.test").info("after the request")
    text = logged_text(log_file)
    assert "after the request" in text  # INFO lines of our own still reach the log
    assert "HTTP Request" not in text
    assert "/orders" not in text
