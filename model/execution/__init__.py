"""Execution: notebook executor, worker pools, batch runs."""
