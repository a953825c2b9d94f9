"""Command line of the reference CRM server.

``python -m softphone.crm_server --db PATH --seed demo|large|none --host 127.0.0.1 --port N --token T
[--rate-limit N/s] [--scale F] [--masked-personal-data] [--dump-openapi PATH]``

Binds to 127.0.0.1 by default; ``--port 0`` picks a free port. When the server accepts requests it
prints ``listening on http://HOST:PORT`` on stdout (flushed), which launchers wait for. SIGTERM or
Ctrl+C stop it cleanly. ``--dump-openapi PATH`` writes the OpenAPI document and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import time
from pathlib import Path

import uvicorn

from softphone.crm_server.app import create_app
from softphone.crm_server.db import Database
from softphone.crm_server.seed import seed
from softphone.parent_watch import exit_when_parent_dies, hard_exit

READY_TIMEOUT_S = 30.0


def parse_rate(text: str) -> float:
    value = text.strip().lower().removesuffix("/s")
    try:
        rate = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"rate limit must look like 20/s, not {text!r}") from exc
    if rate <= 0:
        raise argparse.ArgumentTypeError("rate limit must be positive")
    return rate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m softphone.crm_server", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--db", type=Path, help="SQLite database file (created if missing)")
    parser.add_argument("--seed", choices=("demo", "large", "none"), default="none")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the seed's sizes (e.g. 0.01)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument(
        "--token", default=os.environ.get("SOFTPHONE_CRM_TOKEN"), help="bearer token to accept"
    )
    parser.add_argument("--rate-limit", type=parse_rate, default=None, help="requests per second, e.g. 20/s")
    parser.add_argument(
        "--masked-personal-data",
        action="store_true",
        help="the operator's role sees personal data masked (revealed on request, recorded)",
    )
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone")
    parser.add_argument("--dump-openapi", type=Path, help="write the OpenAPI JSON here and exit")
    return parser


def dump_openapi(path: Path) -> None:
    from softphone.crm_server.app import openapi_document

    doc = openapi_document()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


async def serve(server: uvicorn.Server, sock: socket.socket, url: str) -> None:
    task = asyncio.create_task(server.serve(sockets=[sock]))
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not server.started and not task.done() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    if server.started:
        print(f"listening on {url}", flush=True)
    await task


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.parent_pid:
        exit_when_parent_dies(args.parent_pid, hard_exit)
    if args.dump_openapi is not None:
        dump_openapi(args.dump_openapi)
        return 0
    if args.db is None or not args.token:
        print("error: --db and --token (or SOFTPHONE_CRM_TOKEN) are required", file=sys.stderr)
        return 2
    db = Database(args.db)
    started = time.monotonic()
    counts = seed(db, args.seed, args.scale)
    if counts:
        summary = ", ".join(f"{k}={v}" for k, v in counts.items())
        print(f"seeded {args.seed}: {summary} in {time.monotonic() - started:.1f}s", flush=True)
    app = create_app(
        db, args.token, rate_limit=args.rate_limit, masked_personal_data=args.masked_personal_data
    )
    sock = socket.socket(
        socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
    )
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    sock.listen(128)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        asyncio.run(serve(uvicorn.Server(config), sock, f"http://{host}:{port}"))
    except KeyboardInterrupt:
        pass
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
