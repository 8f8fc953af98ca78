"""Runs one part of the build in a forked process beside the rest, to use the second core.

Only where `fork` is safe and cheap (Linux); elsewhere, or with PLAN_A_SERIAL=1, the part runs in this
process when its result is asked for. The child gets its own Problems; the parent adds them, in order,
when it collects the result, so messages read as if the build had run in one process.
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO, Generic, TypeVar

from pipeline.base.problems import Problems
from pipeline.base.programs import libc

T = TypeVar("T")
CLEAN_UP_SECONDS = 2  # that a cancelled child may take to clean up, before it is killed


def _can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and os.environ.get("PLAN_A_SERIAL") != "1"


class Beside(Generic[T]):
    """`work(problems)` started in a child process now; `result(problems)` waits for it. With `early`, the work
    is `work(problems, send)`: what it sends reaches `early` in the parent before its result, as soon as the
    parent waits for that result."""

    def __init__(self, work: Callable[..., T], early: Callable[[Any], None] | None = None):
        self.work, self.early = work, early
        self.pid: int | None = None
        if not _can_fork():
            return
        read, write = os.pipe()
        gc.freeze()  # objects made so far stay out of the child's collections, so their pages stay shared
        # A Ctrl-C is for the parent, which then stops the child: held back until the child is known here
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            raise
        if pid == 0:  # the child: do the work, send it back, and leave without running the parent's exit code
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, _cancelled)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(read)
            status = 0
            try:
                found = Problems()
                with os.fdopen(write, "wb") as pipe:
                    def send(value: Any) -> None:
                        _write(pipe, ("early", value, None))
                    try:
                        message = ("done", self._run(found, send), found.items)
                    except BaseException as exc:  # noqa: BLE001 (sent to the parent, which raises it)
                        message = ("failed", exc, traceback.format_exc())
                    _write(pipe, message)
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        gc.unfreeze()
        os.close(write)
        self.pid, self.pipe = pid, os.fdopen(read, "rb")
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except BaseException:  # the Ctrl-C held back during the fork: the child is not wanted any more
            self.cancel()
            raise

    def result(self, problems: Problems) -> T:
        if self.pid is None:
            return self._run(problems, self.early or _ignore)
        try:
            while (message := _read(self.pipe)) is not None and message[0] == "early":
                if self.early is not None:
                    self.early(message[1])
        except BaseException:  # interrupted while waiting: the child's work is not wanted any more
            self.cancel()
            raise
        self.pipe.close()
        os.waitpid(self.pid, 0)
        self.pid = None
        if message is None:
            raise RuntimeError("the forked part of the build ended without a result")
        kind, value, extra = message
        if kind == "failed":
            if isinstance(value, BaseException) and isinstance(extra, str):
                value.add_note("in the forked part of the build:\n" + extra)
            raise value
        problems.items.extend(extra)
        return value

    def _run(self, problems: Problems, send: Callable[[Any], None]) -> T:
        return self.work(problems) if self.early is None else self.work(problems, send)

    def cancel(self) -> None:
        """Stop the child (the parent failed or was interrupted first); nothing of it is used. The child
        gets a moment to clean up after itself (pandoc's temporary folders), then it is killed."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        self.pipe.close()
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + CLEAN_UP_SECONDS
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.005)


def _write(pipe: BinaryIO, message: tuple) -> None:
    """One message to the parent: its length, then the message pickled."""
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 (something that cannot be pickled: send its story)
        story = message[2] if message[0] == "failed" else traceback.format_exc()
        data = pickle.dumps(("failed", RuntimeError(story.strip().splitlines()[-1]), story))
    pipe.write(len(data).to_bytes(8, "little") + data)
    pipe.flush()


def _read(pipe: BinaryIO) -> tuple | None:
    """The child's next message; None when it ended without one."""
    size = pipe.read(8)
    if len(size) < 8:
        return None
    length = int.from_bytes(size, "little")
    data = pipe.read(length)
    return pickle.loads(data) if len(data) == length else None  # cut short: the child ended while writing


def _ignore(value: Any) -> None:
    pass


def _cancelled(signum: int, frame: object) -> None:
    """In the child, on SIGTERM from the parent: unwind (cleaning up on the way) and leave."""
    raise SystemExit("cancelled by the parent")


def trim() -> None:
    """Hand memory freed by a finished render back to the system (glibc keeps it for reuse otherwise),
    so that the two halves of the build do not both hold their high-water marks at the same time."""
    if sys.platform == "linux":
        try:
            libc().malloc_trim(0)
        except (OSError, AttributeError):  # a C library without malloc_trim: nothing to hand back
            pass
