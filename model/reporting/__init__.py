"""Reporting: charts, report content, PDF layout, listings."""
