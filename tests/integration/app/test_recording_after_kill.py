"""A call recorded while the app is killed (SIGKILL, as a crash or a power cut would) is not lost: the
next start completes the WAV's header, files it under the call's interaction, compresses it and
uploads it to the CRM once. The real app process, Kamailio, a pjsua2 caller and the reference CRM."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from softphone.workspace import recordings
from tests.helpers.app_process import AppRun, start_app
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio, kamailio_fixture  # noqa: F401 - re-exported fixture
from tests.helpers.pipewire import tone, write_wav
from tests.helpers.recorded_call import CALLER, SHOP_LINE, recording_settings, uploaded
from tests.helpers.sip_peer import SipPeer, peer_factory  # noqa: F401 - fixture

pytestmark = pytest.mark.sip

TOKEN = "crm-token"


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token=TOKEN) as server:
        yield server


def _home(tmp_path: Path, kamailio: Kamailio, crm: CrmServer) -> Path:
    home = tmp_path / "operator"
    home.mkdir()
    settings = recording_settings(kamailio, crm).replace("[sip]\n", "[sip]\nauto_answer = true\n")
    (home / "user.toml").write_text(settings)
    keyring = {"softphone\x00sip:1001@127.0.0.1": "1001pw", f"softphone\x00crm-token:{crm.base_url}": TOKEN}
    (home / "keyring.json").write_text(json.dumps(keyring))
    return home


def _start(home: Path) -> AppRun:
    run = start_app(home, "--config", str(home / "user.toml"), "--data-dir", str(home / "data"))
    run.wait_for(r"registered \(200", timeout_s=30)
    run.wait_for(r"CRM (full|incremental) sync: \d+ changes applied", timeout_s=60)
    return run


def _wait(what: str, check: Callable[[], bool], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {timeout_s:g} s"
        time.sleep(0.2)


def test_a_recording_cut_off_by_a_killed_app_is_filed_and_uploaded_at_the_next_start(
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],  # noqa: F811 - the fixture imported above
    crm: CrmServer,
    tmp_path: Path,
) -> None:
    home = _home(tmp_path, kamailio, crm)
    folder = recordings.recordings_folder(home / "data")
    run = _start(home)
    anna = peer_factory("anna")
    anna.register(CALLER, kamailio.port)
    headers = {"P-Called-Party-ID": f"<sip:{SHOP_LINE}@127.0.0.1>", "Answer-Mode": "Auto"}
    call = int(anna.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}", headers=headers)["id"])
    anna.wait("media", id=call, status="active", timeout=15)
    anna.cmd("play", id=call, wav=str(write_wav(tmp_path / "far.wav", tone(700, 10.0))))
    run.wait_for(r"call \d+: recording\b", timeout_s=15)
    time.sleep(3.0)  # about three seconds of the call are in the WAV
    run.process.kill()  # no shutdown step runs: the WAV's header still says 0 bytes
    run.process.wait(timeout=10)
    anna.cmd("hangup", id=call)
    [left] = list(folder.glob("*.wav"))
    assert left.stat().st_size > 32_000, "the killed run wrote no audio"
    assert uploaded(crm) == []

    again = _start(home)
    try:
        filed = again.wait_for(r"left recording \S+ filed under interaction (\d+)", timeout_s=30)
        stored = recordings.stored_path(folder, int(filed.group(1)))
        _wait("uploaded to the CRM", lambda: len(uploaded(crm)) == 1)
        assert not left.exists() and [p.name for p in folder.iterdir()] == [stored.name]
        assert CALLER not in stored.name
        assert recordings.duration_s(stored) > 2.0  # the call's audio up to the kill is kept
        [(_, media_type, size)] = uploaded(crm)
        assert media_type == recordings.MEDIA_TYPE and size == stored.stat().st_size
        assert CALLER not in again.text() and not re.search(r"Traceback", again.text())
    finally:
        assert again.stop() == 0
    # a third start files nothing again and uploads nothing twice
    third = _start(home)
    try:
        time.sleep(2.0)
        assert "left recording" not in third.text()
        assert len(uploaded(crm)) == 1
    finally:
        assert third.stop() == 0
