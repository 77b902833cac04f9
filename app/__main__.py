"""`python -m app`: the GUI with no arguments, otherwise the command line."""

from app.cli import main

raise SystemExit(main())
