"""A time budget per document: reading and extraction run in a worker process that is
killed when the budget runs out.

A thread cannot stop a parser stuck in C (lxml, a PDF filter) or a regular expression
that backtracks for hours; a process can be killed whatever it is doing. One long-lived
worker (`python -m ansvarsgraf.budget`, a fresh interpreter: never a fork of a parent
that holds store threads, and never a re-import of the parent's main script) serves
document after document over a pipe, so the normal case costs a pickle each way; it is
replaced after a timeout or a crash. A crash of the worker (a segfault in a C library,
the kernel's OOM killer) becomes an InputError naming the file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from ansvarsgraf import errors
from ansvarsgraf.errors import ExtractionTimeout, InputError


def _serve(inbox: Connection, outbox: Connection) -> None:
    """The worker's loop: one job in, one result out, until the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from ansvarsgraf.pipeline import extract_bytes, extract_path

    while True:
        try:
            kind, *args = inbox.recv()
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
            outbox.send(reply)
        except (BrokenPipeError, OSError):
            return


def _worker_main() -> None:
    replies = os.dup(1)
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the replies
    _serve(Connection(os.dup(0), writable=False), Connection(replies, readable=False))


class Worker:
    """One worker process at a time, used under a lock (documents are read one by one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None

    def _start(self) -> tuple[Connection, Connection]:
        proc = subprocess.Popen([sys.executable, "-m", "ansvarsgraf.budget"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdin is not None and proc.stdout is not None
        send = Connection(os.dup(proc.stdin.fileno()), readable=False)
        recv = Connection(os.dup(proc.stdout.fileno()), writable=False)
        proc.stdin.close()
        proc.stdout.close()
        self._proc, self._send, self._recv = proc, send, recv
        return send, recv

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._proc = self._send = self._recv = None

    def run(self, job: tuple[Any, ...], timeout_s: float, name: str) -> Any:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self.stop()
                self._start()
            assert self._send is not None and self._recv is not None
            try:
                self._send.send(job)
            except (BrokenPipeError, OSError):
                return self._crashed(name)
            if not self._recv.poll(timeout_s):
                self.stop()
                raise ExtractionTimeout(name, f"reading took longer than the budget of "
                                              f"{timeout_s:g} s (ANSVARSGRAF_DOC_TIMEOUT_S)")
            try:
                reply = self._recv.recv()
            except (EOFError, OSError):
                return self._crashed(name)
        return _result(reply, name)

    def _crashed(self, name: str) -> Any:
        assert self._proc is not None
        try:
            code = self._proc.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self.stop()
        how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
        raise InputError(name, f"the reader crashed on this file ({how})")


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


if __name__ == "__main__":
    _worker_main()
