"""Shared test fixtures."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
PYTHON = sys.executable


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def scenario_dir() -> Path:
    return SCENARIOS


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m model ARGS`` in a subprocess and capture its output (the package is installed)."""
    return subprocess.run([PYTHON, "-m", "model", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


def run_model(*layers: dict, **overrides):
    """Simulate the registry defaults overridden by ``layers`` (in order), then ``overrides``.

    Returns the parameter set and the results of that one scenario.
    """
    from model.core.registry import REGISTRY
    from model.core.simulate import simulate

    values = REGISTRY.defaults()
    for layer in layers:
        values.update(layer)
    values.update(overrides)
    params = REGISTRY.parameter_set([values])
    return params, simulate(params)
