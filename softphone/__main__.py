"""Entry point for ``python -m softphone``."""

from softphone.cli import main

raise SystemExit(main())
