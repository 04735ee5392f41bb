"""Notebook executor: papermill on a warm Jupyter kernel of the project.

:func:`execute_report_notebook` executes the report template
``notebooks/report.ipynb`` with papermill (its ``parameters`` cell filled in)
into a temporary name, renamed to ``<stem>.ipynb`` when every cell succeeded;
a notebook that raised is kept for inspection and :class:`ReportFailed` is raised.

Where the time goes (``benchmarks/batch_vs_papermill.py``): a papermill call
from the command line costs about 1.5 s to load papermill, 1 s to start and
stop a kernel and 1 s of imports inside it, while the report itself takes
about 0.3 s.  So a batch worker keeps one **warm kernel** for its whole life
(:class:`WarmKernel`, started over IPC sockets): papermill executes each
report notebook on it through :data:`WarmEngine` (papermill's nbclient engine,
minus the kernel start and shutdown), the package is imported once, and
Typst's font index is built once (:data:`WARM_UP_CODE`).

The kernel ``urad-rear`` is the project's venv, where the package is installed
editable (``make``; ``pyproject.toml``), so the kernel imports ``model`` whatever
its working folder; it runs in the project folder (:data:`PROJECT_ROOT`), where
the template's relative paths point.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from model.errors import UserInputError
from model.provenance import PROJECT_ROOT, REPORT_TEMPLATE
from model.runs.atomic import TMP_PREFIX

__all__ = ["KERNEL_NAME", "WARM_UP_CODE", "WORKER_WARM_UP_CODE", "PREPARE_TIMEOUT", "prepare_code", "import_papermill", "UNUSED_SLOW_IMPORTS", "ReportFailed", "WarmEngine", "WarmKernel", "check_kernel",
           "execute_report_notebook", "one_line"]

_log = logging.getLogger(__name__)

#: The project's Jupyter kernel (``make setup`` installs it into ``.venv``).
KERNEL_NAME = "urad-rear"


def one_line(text: Any) -> str:
    """An error message on one line (lines joined with `` / ``, at most 500 characters)."""
    lines = [x.strip() for x in str(text).strip().splitlines() if x.strip()]
    return " / ".join(lines)[:500] if lines else ""


# --------------------------------------------------------------------------- papermill

class ReportFailed(Exception):
    """A report notebook raised; ``notebook`` is the executed notebook kept for inspection."""

    def __init__(self, message: str, notebook: Path | None):
        super().__init__(message)
        self.notebook = notebook


#: An optional import of jsonschema's format checkers that papermill's import pays for and never
#: uses: ``rfc3987_syntax`` builds about 35 Lark parsers for IRI syntax at import, about 2 s here,
#: while no notebook schema has an ``iri`` format (python-jsonschema/jsonschema#1428).
UNUSED_SLOW_IMPORTS = ("rfc3987_syntax",)


def import_papermill() -> Any:
    """``papermill``, imported without :data:`UNUSED_SLOW_IMPORTS`.

    While papermill (nbformat, jsonschema) is imported, those modules are marked absent
    in ``sys.modules``, which jsonschema treats as an optional checker not installed; the
    marks are removed afterwards, so the rest of the process may still import them.
    """
    if "papermill" in sys.modules:
        return sys.modules["papermill"]
    blocked = [name for name in UNUSED_SLOW_IMPORTS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import papermill
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return papermill


def _warm_engine_class():
    import_papermill()
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class _WarmEngine(NBClientEngine):
        """papermill's nbclient engine on a kernel that outlives the notebook.

        ``km`` (an ``AsyncKernelManager``) is started on first use and kept;
        the kernel client of each run is closed afterwards.

        ``warm`` (the :class:`WarmKernel`) is waited for (:meth:`WarmKernel.finish_warm_up`)
        only right before the first cell: papermill reads and parameterizes the notebook and
        connects its client while the kernel still works through what was sent ahead (the
        imports, a one-off report's :func:`prepare_code`), and the cells' times in the
        executed notebook are their own.  A kernel that answers the client's first request
        (``kernel_info``) only when it is done with that is allowed :data:`PREPARE_TIMEOUT`.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            km, warm = kwargs.pop("km"), kwargs.pop("warm")

            class _Client(PapermillNotebookClient):
                def papermill_execute_cells(self):
                    warm.finish_warm_up()
                    super().papermill_execute_cells()

            client = _Client(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=max(start_timeout, PREPARE_TIMEOUT),
                kernel_name=kernel_name, log=logging.getLogger("papermill"), log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file)
            try:
                return client.execute(cleanup_kc=False, cwd=str(PROJECT_ROOT))
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("urad-warm", _WarmEngine)
    return _WarmEngine


class _LazyEngine:
    """Resolve the engine class on first use (papermill is slow to import)."""

    _cls = None

    def __call__(self):
        if _LazyEngine._cls is None:
            _LazyEngine._cls = _warm_engine_class()
        return _LazyEngine._cls


WarmEngine = _LazyEngine()


#: Seconds a notebook's client may wait for its first answer from a kernel still busy with what
#: was sent ahead of the notebook (:meth:`WarmKernel.send`): the content of the largest report
#: the schema allows (100,000 draws for each of the uncertainty and discovery sections) takes well
#: under it.  A kernel that dies meanwhile is noticed within a second (jupyter_client checks that
#: it is alive while it waits).
PREPARE_TIMEOUT = 600

#: Run in a fresh kernel while the command or worker itself starts up: the report's imports, the
#: Typst compiler's font index and matplotlib's fonts (:func:`model.reporting.report.warm_up`).
WARM_UP_CODE = "import model.reporting.report\nmodel.reporting.report.warm_up()"
#: A batch worker's kernel also imports the optional sections' modules at once: it will draw many
#: reports, and meanwhile its worker is busy starting up and running its first scenario.  (A
#: one-off report's kernel leaves them to the forked process that draws those sections.)
WORKER_WARM_UP_CODE = "import model.reporting.report\nmodel.reporting.report.warm_up(sections=True)"


def prepare_code(parameters: dict[str, Any]) -> str:
    """Code that makes a kernel assemble the content of the report ``parameters`` ask for
    (:func:`model.reporting.report.prepare`), for the notebook's ``render`` to find."""
    keys = ("scenario", "reference", "lang", "timestamp")
    arguments = ", ".join(f"{k}={parameters.get(k)!r}" for k in keys if parameters.get(k) is not None)
    return f"import model.reporting.report\nmodel.reporting.report.prepare({arguments})"


class WarmKernel:
    """One kernel of the project (``urad-rear``) kept alive across reports in a worker."""

    def __init__(self) -> None:
        self.km: Any = None
        self._client: Any = None
        self._pending: list[str] = []

    def prestart(self, code: str = WARM_UP_CODE) -> None:
        """Start the kernel and send it the imports (``code``) now, without waiting for either.

        A batch worker calls this first thing (with :data:`WORKER_WARM_UP_CODE`), so the
        kernel boots and imports the package while the worker imports papermill;
        :meth:`finish_warm_up` collects the reply before the first notebook runs.
        """
        from jupyter_core.utils import run_sync

        km = self.manager()
        if not km.has_kernel:
            run_sync(km.start_kernel)(cwd=str(PROJECT_ROOT))
        self.send(code)

    def send(self, code: str) -> None:
        """Queue silent ``code`` on the kernel without waiting (after the warm-up, before the
        notebook: a one-off report sends :func:`prepare_code`); :meth:`finish_warm_up` waits for it."""
        if self._client is None:
            self._client = self.manager().blocking_client()
            self._client.start_channels()
        self._pending.append(self._client.execute(code, silent=True, store_history=False))

    def finish_warm_up(self, timeout: float = 120) -> None:
        """Wait for what :meth:`prestart` and :meth:`send` queued (if anything) and close their client.

        A failure there is logged, not raised: the notebook then does the same work itself and
        reports any error in its own cell.
        """
        if self._client is None:
            return
        client, pending = self._client, set(self._pending)
        self._client, self._pending = None, []
        deadline = time.monotonic() + timeout
        try:
            while pending and time.monotonic() < deadline:
                reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                msg_id = reply.get("parent_header", {}).get("msg_id")
                if msg_id in pending:
                    pending.discard(msg_id)
                    content = reply.get("content", {})
                    if content.get("status") == "error":  # reports still run, only slower
                        _log.warning("preparing the report kernel failed: %s: %s",
                                     content.get("ename"), content.get("evalue"))
        except Exception:  # noqa: BLE001 - the notebook run reports a broken kernel itself
            pass
        finally:
            client.stop_channels()

    def manager(self) -> Any:
        """The kernel manager, replaced when the kernel has died."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel and not run_sync(self.km.is_alive)():
            self.shutdown()
        if self.km is None:
            # IPC (Unix sockets in the temporary folder) rather than TCP: nothing listens on
            # the network, and ipykernel does not warn about unencrypted TCP.
            ipc = Path(tempfile.gettempdir()) / f"urad-kernel-{os.getpid()}-{time.time_ns()}"
            self.km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(ipc))
        return self.km

    def pid(self) -> int | None:
        """Process id of the running kernel, if any."""
        try:
            return int(self.km.provisioner.process.pid)  # type: ignore[union-attr]
        except AttributeError:
            return None

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a dead kernel cannot be shut down twice
                pass
        self.km = None


def check_kernel() -> None:
    """Raise :class:`UserInputError` when the project's kernel is not installed."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        raise UserInputError(f"the Jupyter kernel {KERNEL_NAME!r} is not installed; run `make setup` "
                             f"(or: python -m ipykernel install --prefix .venv --name {KERNEL_NAME})")


def execute_report_notebook(parameters: dict[str, Any], out_dir: Path, stem: str,
                            failed_dir: Path | None = None, kernel: WarmKernel | None = None,
                            cell_timeout: float | None = None, notebook: Path | None = None,
                            progress: bool = False) -> Path:
    """Execute the report template with papermill; return the executed notebook's path.

    The executed notebook goes to a temporary name in ``out_dir`` and is
    renamed to ``<stem>.ipynb`` when the notebook succeeded.  When a cell
    raises, it is moved to ``failed_dir/<stem>.ipynb`` (default: ``out_dir``,
    as ``<stem>.failed.ipynb``) and :class:`ReportFailed` is raised.

    Parameters
    ----------
    parameters
        Values for the notebook's ``parameters`` cell (paths absolute).
    kernel
        A warm kernel to execute on (batch workers); None starts and stops a
        kernel for this notebook, as the ``papermill`` command does.
    notebook
        The template (default ``notebooks/report.ipynb``; tests pass purpose-built ones).
    progress
        Show papermill's bar of executed cells on standard error.
    """
    pm = import_papermill()
    from papermill.exceptions import PapermillExecutionError

    check_kernel()
    # absolute: papermill runs the notebook (and saves it after each cell) inside cwd=PROJECT_ROOT
    out_dir = Path(out_dir).resolve()
    failed_dir = Path(failed_dir).resolve() if failed_dir else None
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{stem}.", suffix=".ipynb", dir=out_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    target = out_dir / f"{stem}.ipynb"
    failed = (failed_dir / f"{stem}.ipynb") if failed_dir else out_dir / f"{stem}.failed.ipynb"
    options: dict[str, Any] = {"kernel_name": KERNEL_NAME, "progress_bar": progress,
                               "execution_timeout": cell_timeout, "cwd": str(PROJECT_ROOT)}
    if kernel is not None:
        WarmEngine()
        options.update(engine_name="urad-warm", km=kernel.manager(), warm=kernel)
    try:
        pm.execute_notebook(str(notebook or REPORT_TEMPLATE), str(tmp), parameters=parameters, **options)
    except PapermillExecutionError as exc:
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, failed)
        raise ReportFailed(f"report notebook failed in cell {exc.exec_count}: {exc.ename}: "
                           f"{one_line(exc.evalue)} (executed notebook: {failed})", failed) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    failed.unlink(missing_ok=True)
    return target
