"""``python -m model``: the workbook's command line."""
from model.cli.main import main

raise SystemExit(main())
