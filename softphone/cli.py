"""Command line of the ``softphone`` console script and ``python -m softphone``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
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
    parser.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings files read and every setting as TOML with where it comes from, then exit",
    )
    parser.add_argument(
        "--store-crm-token",
        action="store_true",
        help="read the CRM access token from standard input and save it in the system keyring, then exit",
    )
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.show_settings:
        return show_settings(args.config)
    if args.store_crm_token:
        return store_crm_token(args.config, sys.stdin.readline().strip())
    from softphone.startup_memory import (
        hold_collection_during_start_up,
        limit_malloc_arenas,
        skip_unused_imports,
    )

    hold_collection_during_start_up()  # see softphone/startup_memory.py
    limit_malloc_arenas()  # before any thread starts; see softphone/startup_memory.py
    skip_unused_imports()  # before the app's imports
    from softphone.app import run  # imported late so --help/--version stay instant

    return run(args)


def show_settings(config: Path | None) -> int:
    """Print the effective settings for IT as TOML, with where each value comes from."""
    from softphone.settings.layered import Settings, SettingsError
    from softphone.settings.report import settings_report

    _log_to_stderr()
    try:
        settings = Settings.load(config)
    except SettingsError as exc:
        print(f"softphone: {exc}", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(settings_report(settings))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (``| head``): not an error worth a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at interpreter exit does not fail again
    return 0


def _log_to_stderr() -> None:
    """Warnings met while reading settings (unknown keys, a missing --config file) go to stderr."""
    logging.basicConfig(level=logging.WARNING, format="softphone: %(message)s", stream=sys.stderr)


def store_crm_token(config: Path | None, token: str) -> int:
    """Save the token for the configured ``crm.base_url`` in the keyring (never in a file)."""
    _log_to_stderr()
    from softphone.settings.layered import Settings, SettingsError
    from softphone.settings.secrets import KeyringUnavailable, SecretStore

    try:
        base_url = Settings.load(config).crm.base_url.strip()
    except SettingsError as exc:
        print(f"softphone: {exc}", file=sys.stderr)
        return 2
    if not base_url:
        print("softphone: crm.base_url is not set; the embedded CRM needs no token", file=sys.stderr)
        return 2
    if not token:
        print("softphone: no token on standard input", file=sys.stderr)
        return 2
    try:
        SecretStore().put(SecretStore.crm_key(base_url), token)
    except KeyringUnavailable as exc:
        print(f"softphone: {exc}", file=sys.stderr)
        return 1
    print(f"CRM token saved in the system keyring for {base_url}")
    return 0
