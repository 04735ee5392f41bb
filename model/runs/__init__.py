"""Runs: run scenarios, the results table, atomic writes."""
