"""Scenarios: files, YAML with line numbers, validation, writing."""
