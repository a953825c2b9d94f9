"""Screenshot of the self-review of a past call: ``artifacts/self_review.png`` (Russian by default).

Run under X:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/screenshots/shoot_self_review.py [--lang en]

Builds a real local store (the seeded scripts and a customer, ``tests/helpers/script_kit``), logs a
call that used the inbound order script and visited some of its steps, stores a recording of it
(Opus in Ogg, through the app's own compression), loads the self-review as the app does and grabs
the dialog after it has played a second of the call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import soundfile  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from softphone.store import call_reviews, local_writes  # noqa: E402
from softphone.store.db import open_store  # noqa: E402
from softphone.ui.i18n import install_translator  # noqa: E402
from softphone.ui.review.self_review_dialog import SelfReviewDialog  # noqa: E402
from softphone.workspace import recordings  # noqa: E402
from softphone.workspace.self_review import load_self_review  # noqa: E402
from tests.helpers.script_kit import fill_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default=str(ROOT / "artifacts" / "self_review.png"))
    parser.add_argument("--lang", default="ru")
    args = parser.parse_args()
    app = QApplication([])
    install_translator(app, args.lang)
    work = Path(tempfile.mkdtemp(prefix="softphone-review-"))
    store = open_store(work / "store.db")
    customer_id, _shop = fill_store(store)
    interaction_id = local_writes.log_call(
        store,
        customer_id,
        dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
        direction="inbound",
        talk_s=95,
        script_crm_id="SCR-INBOUND",
        script_compliance=0.6,
        script_steps=("greet", "known", "what", "stock", "delivery"),
    )
    folder = recordings.recordings_folder(work)
    folder.mkdir(parents=True)
    wav = recordings.new_wav_path(folder)
    t = np.arange(16000 * 95) / 16000
    voice = np.sin(2 * np.pi * 220 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 0.3 * t))
    soundfile.write(str(wav), (voice * 9000).astype(np.int16), 16000, subtype="PCM_16")
    stored = recordings.compress(wav, interaction_id)
    call_reviews.recording_stored(store, interaction_id, str(stored), recordings.MEDIA_TYPE)
    dialog = SelfReviewDialog(load_self_review(store, interaction_id), lambda *_: None)
    dialog.rating.button(4).setChecked(True)
    dialog.note.setPlainText("Не предложила аналог, когда товара не было в наличии.")
    dialog.show()
    dialog.toggle_play()
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    dialog.player.setPosition(31_000)
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(args.out)
    print("saved", args.out)
    dialog.player.stop()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
