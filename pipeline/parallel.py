"""Runs one part of the build in a forked process beside the rest, to use the second core.

Only where `fork` is safe and cheap (Linux); elsewhere, or with PLAN_A_SERIAL=1, the part runs in this
process when its result is asked for. The child gets its own Problems; the parent adds them, in order,
when it collects the result, so messages read as if the build had run in one process.
"""
from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

from .problems import Problems

T = TypeVar("T")


def _can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and os.environ.get("PLAN_A_SERIAL") != "1"


class Beside(Generic[T]):
    """`work(problems)` started in a child process now; `result(problems)` waits for it."""

    def __init__(self, work: Callable[[Problems], T]):
        self.work = work
        self.pid: int | None = None
        if not _can_fork():
            return
        read, write = os.pipe()
        gc.freeze()  # objects made so far stay out of the child's collections, so their pages stay shared
        pid = os.fork()
        if pid == 0:  # the child: do the work, send it back, and leave without running the parent's exit code
            os.close(read)
            status = 0
            try:
                found = Problems()
                try:
                    message = ("done", self.work(found), found.items)
                except BaseException as exc:  # noqa: BLE001 (sent to the parent, which raises it)
                    message = ("failed", exc, traceback.format_exc())
                try:
                    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001 (something that cannot be pickled: send its story)
                    story = message[2] if message[0] == "failed" else traceback.format_exc()
                    data = pickle.dumps(("failed", RuntimeError(story.strip().splitlines()[-1]), story))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        gc.unfreeze()
        os.close(write)
        self.pid, self.pipe = pid, os.fdopen(read, "rb")

    def result(self, problems: Problems) -> T:
        if self.pid is None:
            return self.work(problems)
        try:
            data = self.pipe.read()
        except BaseException:  # interrupted while waiting: the child's work is not wanted any more
            self.cancel()
            raise
        self.pipe.close()
        os.waitpid(self.pid, 0)
        self.pid = None
        if not data:
            raise RuntimeError("the forked part of the build ended without a result")
        kind, value, extra = pickle.loads(data)
        if kind == "failed":
            if isinstance(value, BaseException) and isinstance(extra, str):
                value.add_note("in the forked part of the build:\n" + extra)
            raise value
        problems.items.extend(extra)
        return value

    def cancel(self) -> None:
        """Stop the child (the parent failed first); nothing of it is used."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.pipe.close()
            os.waitpid(self.pid, 0)
            self.pid = None


def trim() -> None:
    """Hand memory freed by a finished render back to the system (glibc keeps it for reuse otherwise),
    so that the two halves of the build do not both hold their high-water marks at the same time."""
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # a C library without malloc_trim: nothing to hand back
            pass
