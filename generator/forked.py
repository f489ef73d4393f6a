"""Work done on the machine's second core: a function run in a forked copy of this process,
its result sent back through a pipe.

A fork shares everything built so far (the document, the template context, the compiled
templates) without copying or serialising it; only the result travels back, pickled: the
docs pages and the fragment's text, some 3 MB, cost 10 ms. The pipe carries nothing but what
this process's own child wrote, and is read once; nothing is ever stored on disk.

Forking is done only where it is safe and pays: on Linux (macOS and Windows start processes
another way, at a cost that would eat the gain), from a process that runs one thread (a fork
copies the forking thread alone, so a lock another thread held would stay held in the child),
and when more than one job is allowed. Otherwise the function runs in this process, later,
when its result is asked for: the same result, the same bytes, on one core.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from generator.diagnostics import Diagnostic, RefgenError

_R = TypeVar("_R")


def default_jobs() -> int:
    """The cores this process may use, capped at 2: the work splits in two halves only."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 2))


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class Job(Generic[_R]):
    """`work()`, started now in a child process when `jobs` > 1 and forking is safe, else
    run by result(). Either way result() returns its value or raises what it raised: a
    RefgenError keeps its diagnostics, so the command still prints `file:line: error:
    message` and exits 1."""

    def __init__(self, work: Callable[[], _R], jobs: int) -> None:
        self._work = work
        self._child: _Child | None = _Child(work) if jobs > 1 and can_fork() else None

    @property
    def forked(self) -> bool:
        return self._child is not None

    def result(self) -> _R:
        if self._child is None:
            return self._work()
        child, self._child = self._child, None
        return cast(_R, child.outcome())

    def cancel(self) -> None:
        """Stop the child, when this process gives up before asking for the result."""
        if self._child is not None:
            self._child.stop()
            self._child = None


class _Child:
    def __init__(self, work: Callable[[], object]) -> None:
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: never returns
            os.close(reading)
            _run_and_exit(work, writing)
        os.close(writing)
        self._reading = reading

    def outcome(self) -> object:
        try:
            with os.fdopen(self._reading, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self._pid, 0)
        if not data:  # killed before it could answer (out of memory, a signal)
            raise RuntimeError(f"a refgen worker ended without a result ({_how(status)})")
        kind, payload = pickle.loads(data)  # (our own child's bytes, never a file)
        if kind == "value":
            return payload
        if kind == "refgen":
            raise RefgenError(cast(list[Diagnostic], payload))
        if kind == "error":  # the exception as the work raised it; --debug shows where
            error, where = cast(tuple[BaseException, str], payload)
            raise error from RuntimeError(f"in a refgen worker:\n{where}")
        raise RuntimeError(f"a refgen worker failed:\n{payload}")

    def stop(self) -> None:
        os.close(self._reading)  # the child's write fails; the kill ends it if it still runs
        try:
            os.kill(self._pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)


def _run_and_exit(work: Callable[[], object], writing: int) -> None:
    """In the child: run `work`, send what came of it, and leave at once (os._exit: no
    atexit handler, no flush of buffers the parent owns, no teardown of copied objects)."""
    status = 0
    try:
        outcome = _outcome(work)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(outcome)
    except BaseException:  # noqa: BLE001 (the parent reports a missing result)
        status = 1
    finally:
        os._exit(status)


def _outcome(work: Callable[[], object]) -> bytes:
    try:
        return _message("value", work())
    except RefgenError as error:  # its diagnostics: it does not rebuild from its own pickle
        return _message("refgen", error.diagnostics)
    except Exception as error:  # noqa: BLE001 (raised again in the parent, as it was)
        where = traceback.format_exc()
        try:
            pickle.loads(_message("error", error))  # (does it travel?)
            return _message("error", (error, where))
        except Exception:  # noqa: BLE001 (an exception that does not travel: its traceback)
            return _message("failed", where)
    except BaseException:  # noqa: BLE001 (an interrupt: the parent has one too)
        return _message("failed", traceback.format_exc())


def _message(kind: str, payload: object) -> bytes:
    return pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
