"""Benchmark runner: ``python tests/benchmarks/run.py {sip,crm,audio,all}`` prints ``name value`` lines."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITES = {
    "sip": "tests.benchmarks.sip_bench",
    "crm": "tests.benchmarks.crm_bench",
    "audio": "tests.benchmarks.audio_bench",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suite", choices=[*SUITES, "all"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    names = list(SUITES) if args.suite == "all" else [args.suite]
    for name in names:
        module = importlib.import_module(SUITES[name])
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
