"""The ``python -m model`` command line: one module per group of commands."""
