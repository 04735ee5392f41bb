"""``python -m model``: the workbook's command line."""
from .cli import main

raise SystemExit(main())
