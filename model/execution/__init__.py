"""Execution: the papermill notebook executor, batch tasks, batch runs and their tables.

The worker pools the batch runs on are in :mod:`model.runs.pools` (shared with ensembles).
"""
