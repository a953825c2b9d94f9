"""Screenshot of the app as a person starts it: ``python -m softphone --demo`` in a real X window.

    .venv/bin/python tests/screenshots/shoot_demo.py [--size 1366x768] [--wait 20] [--lang ru]
        [--do "ctrl+Return" --do sleep:8 --do F6 --do shot:answered.png ...] [OUT.png]

Starts Xvfb on a free display, the app (private HOME and data directory, so nothing real is touched),
waits, then plays the operator's keys (``--do``, through xdotool into the window: a key name,
``type:TEXT``, ``sleep:SECONDS``, ``click:X,Y``, ``shot:FILE.png`` for an extra screenshot on the way),
grabs the whole screen with Qt's xcb platform in a second process, and stops both by their PIDs.

The workspace's three screens, in Russian (a known customer ringing, an unknown number's form, the
chooser of a shared number), with the demo callers calling from those numbers in turn::

    SOFTPHONE_DEMO_CALLS_FROM=+79161234567,+79990001122,+74957654321 SOFTPHONE_DEMO_CALL_INTERVAL=2 \
    .venv/bin/python tests/screenshots/shoot_demo.py --wait 16 --lang ru --do shot:ringing.png \
        --do F7 --do sleep:9 --do shot:unknown.png --do F7 --do sleep:9 chooser.png

The outbound task list in Russian (Ctrl+Shift+T goes to it), then a task taken with Return (its card,
the cart, "Call" and the outcome)::

    .venv/bin/python tests/screenshots/shoot_demo.py --wait 14 --lang ru --do ctrl+shift+t --do sleep:1 \
        --do Down --do Down --do shot:tasks.png --do Down --do Return --do sleep:3 taken.png

The wrap-up after a call (agent bar with the countdown, the wrap-up form, the KPI strip), in Russian::

    SOFTPHONE_DEMO_CALLS_FROM=+79161234567 SOFTPHONE_DEMO_CALL_INTERVAL=60 \
    .venv/bin/python tests/screenshots/shoot_demo.py --wait 16 --lang ru --do ctrl+Return --do sleep:5 \
        --do F6 --do sleep:3 wrap_up.png
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GRAB = (
    "from PySide6.QtWidgets import QApplication; import sys; app = QApplication([]); "
    "app.primaryScreen().grabWindow(0).save(sys.argv[1]); print('saved', sys.argv[1])"
)


def free_display() -> int:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise SystemExit("no free X display number")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default=str(ROOT / "artifacts" / "demo.png"))
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--wait", type=float, default=20.0)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--do", action="append", default=[], help="operator step, see the module docstring")
    parser.add_argument("app_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    display = f":{free_display()}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{args.size}x24", "-nolisten", "tcp"])
    home = Path(tempfile.mkdtemp(prefix="softphone-shot-"))
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "SOFTPHONE_MACHINE_CONFIG": str(home / "machine.toml"),
        "PYTHONPATH": str(ROOT),
    }
    (home / "config" / "softphone").mkdir(parents=True)
    (home / "config" / "softphone" / "softphone.toml").write_text(f'[ui]\nlanguage = "{args.lang}"\n')
    app = None
    try:
        time.sleep(1.0)
        app = subprocess.Popen(
            [sys.executable, "-m", "softphone", "--demo", *args.app_args], env=env, cwd=ROOT
        )
        time.sleep(args.wait)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        for step in args.do:
            kind, _, value = step.partition(":")
            if kind == "sleep":
                time.sleep(float(value))
            elif kind == "shot":
                subprocess.run([sys.executable, "-c", GRAB, value], env=env, check=True, timeout=30)
            elif kind == "click":  # click:X,Y - a mouse click at that screen point
                x, _, y = value.partition(",")
                subprocess.run(["xdotool", "mousemove", x, y, "click", "1"], env=env, check=True, timeout=30)
            elif kind == "type":
                subprocess.run(["xdotool", "type", "--delay", "60", value], env=env, check=True, timeout=30)
            else:
                subprocess.run(["xdotool", "key", step], env=env, check=True, timeout=30)
            time.sleep(0.5)
        subprocess.run([sys.executable, "-c", GRAB, args.out], env=env, check=True, timeout=30)
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
        xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
