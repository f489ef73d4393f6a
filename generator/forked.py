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
import struct
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO, Generic, TypeVar, cast

from generator.diagnostics import Diagnostic, RefgenError

_R = TypeVar("_R")
_T = TypeVar("_T")


def default_jobs() -> int:
    """The cores this process may use, capped at 2: the work splits in two halves only."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 2))


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class _Forking:
    """What a job holds: its child process, while one runs."""

    def __init__(self, child: _Child | None) -> None:
        self._child = child

    @property
    def forked(self) -> bool:
        return self._child is not None

    def cancel(self) -> None:
        """Stop the child, when this process gives up before asking for every result."""
        if self._child is not None:
            self._child.stop()
            self._child = None

    def _last_outcome(self) -> object:
        assert self._child is not None
        child = self._child
        try:
            return child.outcome()
        finally:
            if child.waited:  # else interrupted while reading: cancel() kills and waits
                self._child = None


class Job(_Forking, Generic[_R]):
    """`work()`, started now in a child process when `jobs` > 1 and forking is safe, else
    run by result(). Either way result() returns its value or raises what it raised: a
    RefgenError keeps its diagnostics, so the command still prints `file:line: error:
    message` and exits 1."""

    def __init__(self, work: Callable[[], _R], jobs: int) -> None:
        self._work = work
        super().__init__(_Child(work) if jobs > 1 and can_fork() else None)

    def result(self) -> _R:
        if self._child is None:
            return self._work()
        return cast(_R, self._last_outcome())


class FollowedJob(_Forking, Generic[_R, _T]):
    """`work()`, then `then(value)` on what it gave, both in one child process (when `jobs`
    > 1 and forking is safe): result() has work's value as soon as the child sends it, while
    the child goes on with `then` (work this process would otherwise wait for, on data it
    would otherwise have to send over: the child has it); then_result() has then's value.
    The child starts `then` while its first value is still being sent, so a child killed
    during `then` (a signal, out of memory) may never have sent it whole: result() then
    raises the worker's end as then_result() would. Without a child, result() runs `work`
    and then_result() runs `then`. Ask for both, in that order, or cancel()."""

    def __init__(self, work: Callable[[], _R], then: Callable[[_R], _T], jobs: int) -> None:
        self._work, self._then = work, then
        self._value: list[_R] = []  # (the value, once known, without a child)
        super().__init__(_Child(work, then) if jobs > 1 and can_fork() else None)

    def result(self) -> _R:
        if self._child is None:
            self._value.append(self._work())
            return self._value[-1]
        return cast(_R, self._child.outcome())

    def then_result(self) -> _T:
        if self._child is None:
            return self._then(self._value.pop())
        return cast(_T, self._last_outcome())


class _Child:
    """A forked child that runs `work`, sends its outcome, then (with `then`) runs
    `then(value)` and sends that outcome too: messages framed by their length, read in
    order by outcome()."""

    def __init__(
        self, work: Callable[[], object], then: Callable[[Any], object] | None = None
    ) -> None:
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: never returns
            os.close(reading)
            _run_and_exit(work, then, writing)
        os.close(writing)
        self._pipe = os.fdopen(reading, "rb")
        self._messages = 2 if then is not None else 1  # still to come
        self._waited = False

    def outcome(self) -> object:
        """The next message's value (or its error raised); the child is waited for after
        the last one, or as soon as one is missing."""
        self._messages -= 1
        # Not waited for when the read itself is interrupted (Ctrl-C): the job's cancel(),
        # which every caller runs in a `finally`, kills the child and waits for it, where
        # waiting here would keep the user waiting for the rest of the child's work.
        data = _read_message(self._pipe)
        if self._messages == 0 or data is None:
            self._pipe.close()
            status = self._wait()
        if data is None:  # killed before it could answer (out of memory, a signal)
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
        self._pipe.close()  # the child's write fails; the kill ends it if it still runs
        if self._waited:
            return
        try:
            os.kill(self._pid, 9)
        except ProcessLookupError:
            pass
        self._wait()

    @property
    def waited(self) -> bool:
        return self._waited

    def _wait(self) -> int:
        self._waited = True
        return os.waitpid(self._pid, 0)[1]


_LENGTH = struct.Struct(">Q")


def _read_message(pipe: BinaryIO) -> bytes | None:
    """The next framed message, or None when the child ended before sending it whole."""
    header = pipe.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    data = pipe.read(length)
    return data if len(data) == length else None


def _run_and_exit(
    work: Callable[[], object], then: Callable[[Any], object] | None, writing: int
) -> None:
    """In the child: run `work` and send what came of it, then the same for `then` on its
    value, and leave at once (os._exit: no atexit handler, no flush of buffers the parent
    owns, no teardown of copied objects)."""
    status = 0
    try:
        with os.fdopen(writing, "wb") as pipe:
            returned, message = _outcome(work)
            if then is None or not returned:
                _send(pipe, message)
                return
            # Sent by a thread while `then` runs: a message larger than the pipe holds (the
            # package's last files, a document) would keep this process waiting for the
            # parent to read it, which the parent does only when it needs it.
            sending = threading.Thread(target=_send_or_keep_error, args=(pipe, message))
            sending.start()
            following = _outcome(lambda: then(returned[0]))[1]
            sending.join()
            _send(pipe, following)
    except BaseException:  # noqa: BLE001 (the parent reports a missing result)
        status = 1
    finally:
        os._exit(status)


def _send_or_keep_error(pipe: BinaryIO, message: bytes) -> None:
    """_send, in a thread of the child: a failed write (the parent gone) leaves the pipe
    closed, so the next send fails in the child's own thread and the child exits 1."""
    try:
        _send(pipe, message)
    except OSError:
        pipe.close()


def _send(pipe: BinaryIO, message: bytes) -> None:
    pipe.write(_LENGTH.pack(len(message)))
    pipe.write(message)
    pipe.flush()  # now: the parent may be waiting for it


def _outcome(work: Callable[[], object]) -> tuple[list[object], bytes]:
    """[what `work` returned] ([] when it raised), and the message that says what came of
    it."""
    try:
        value = work()
        return [value], _message("value", value)
    except RefgenError as error:  # its diagnostics: it does not rebuild from its own pickle
        return [], _message("refgen", error.diagnostics)
    except Exception as error:  # noqa: BLE001 (raised again in the parent, as it was)
        where = traceback.format_exc()
        try:
            pickle.loads(_message("error", error))  # (does it travel?)
            return [], _message("error", (error, where))
        except Exception:  # noqa: BLE001 (an exception that does not travel: its traceback)
            return [], _message("failed", where)
    except BaseException:  # noqa: BLE001 (an interrupt: the parent has one too)
        return [], _message("failed", traceback.format_exc())


def _message(kind: str, payload: object) -> bytes:
    return pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
