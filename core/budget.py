"""A time budget per document: reading and extraction run in a worker process that is
killed when the budget runs out.

A thread cannot stop a parser stuck in C (lxml, a PDF filter) or a regular expression
that backtracks for hours; a process can be killed whatever it is doing. One long-lived
worker serves document after document, so the normal case costs a pickle each way; it
is started from a clean `forkserver` process (never forked from a parent that holds
store threads), and replaced after a timeout or a crash. A crash of the worker (a
segfault in a C library, the kernel's OOM killer) becomes an InputError naming the file.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from ansvarsgraf import errors
from ansvarsgraf.errors import ExtractionTimeout, InputError

_PRELOAD = ["ansvarsgraf.pipeline", "ansvarsgraf.loaders.extract"]


def _serve(conn: Connection) -> None:
    """The worker's loop: one job in, one result out, until the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from ansvarsgraf.pipeline import extract_bytes, extract_path

    while True:
        try:
            kind, *args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if kind == "path":
                doc = extract_path(args[0], max_bytes=args[1])
            else:
                doc = extract_bytes(args[0], args[1])
            reply: tuple[Any, ...] = ("ok", doc)
        except InputError as e:
            reply = ("input", type(e).__name__, e.path, e.problem)
        except errors.AnsvarsgrafError as e:
            reply = ("error", type(e).__name__, str(e))
        except Exception as e:  # noqa: BLE001 - a reader bug must not take the load down
            reply = ("bug", f"{type(e).__name__}: {e}"[:500])
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class Worker:
    """One worker process at a time, used under a lock (documents are read one by one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="ansvarsgraf-reader")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        return parent

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def run(self, job: tuple[Any, ...], timeout_s: float, name: str) -> Any:
        with self._lock:
            conn = self._conn if self._proc is not None and self._proc.is_alive() else None
            if conn is None:
                self.stop()
                conn = self._start()
            conn.send(job)
            if not conn.poll(timeout_s):
                self.stop()
                raise ExtractionTimeout(name, f"reading took longer than the budget of "
                                              f"{timeout_s:g} s (ANSVARSGRAF_DOC_TIMEOUT_S)")
            try:
                reply = conn.recv()
            except (EOFError, OSError):
                self._proc.join(5)
                code = self._proc.exitcode
                self.stop()
                how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
                raise InputError(name, f"the reader crashed on this file ({how})") from None
        return _result(reply, name)


def _result(reply: tuple[Any, ...], name: str) -> Any:
    status, *rest = reply
    if status == "ok":
        return rest[0]
    if status == "input":
        cls, path, problem = rest
        raise getattr(errors, cls, InputError)(path, problem)
    if status == "error":
        cls, message = rest
        raise getattr(errors, cls, errors.AnsvarsgrafError)(message)
    raise InputError(name, f"could not be read ({rest[0]}); this is a bug in ansvarsgraf, "
                           "please report it with the file")


_worker = Worker()


def run_in_budget(job: tuple[Any, ...], timeout_s: float, name: str) -> Any:
    """Run ("path", path, max_bytes) or ("bytes", data, file_name) in the worker."""
    return _worker.run(job, timeout_s, name)
