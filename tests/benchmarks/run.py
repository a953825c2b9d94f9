"""Benchmark runner: ``run.py {sip,crm,audio,workspace,all}`` prints ``name value`` lines."""

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
# Groups of several benchmark modules, run in order (each module's ``main`` prints its lines).
GROUPS: dict[str, list[str]] = {
    "workspace": [
        "tests.benchmarks.workspace_bench",  # invite_to_card_p95_ms
        "tests.benchmarks.script_bench",  # script_step_p95_ms
        "tests.benchmarks.order_bench",  # product_search_p95_ms, order_save_p95_ms
    ],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suite", choices=[*SUITES, *GROUPS, "all"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    names = [*SUITES, *GROUPS] if args.suite == "all" else [args.suite]
    for name in names:
        for module_name in GROUPS.get(name) or [SUITES[name]]:
            importlib.import_module(module_name).main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
