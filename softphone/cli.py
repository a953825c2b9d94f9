"""Command line of the ``softphone`` console script and ``python -m softphone``."""

from __future__ import annotations

import argparse
from pathlib import Path

from softphone import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="softphone",
        description="Contact-center operator workplace: SIP softphone, customer screen-pop and CRM sync.",
    )
    parser.add_argument("--version", action="version", version=f"softphone {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="use this settings file instead of the per-user one (machine-wide settings still apply)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start with the embedded reference CRM and simulated callers on this machine only",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep the local store and embedded CRM data here (default: the per-user data directory)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log verbosity (personal data is masked at every level)",
    )
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from softphone.app import run  # imported late so --help/--version stay instant

    return run(args)
