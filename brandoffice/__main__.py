"""Run the command line with ``python -m brandoffice``."""

from brandoffice.cli.main import main

raise SystemExit(main())
