"""Runs outside programs (LibreOffice) in process groups of their own, so that a time-out or a Ctrl-C ends
each program with everything it started (soffice -> oosplash -> soffice.bin)."""
from __future__ import annotations

import ctypes
import functools
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence

PR_SET_PDEATHSIG = 1


class Programs:
    """The outside programs of one job. `stop()` ends the running ones and refuses to start more: a
    Ctrl-C reaches only the main thread, and the programs of the other threads must end with it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._groups: set[int] = set()
        self._started: dict[int, subprocess.Popen] = {}
        self._stopped = False

    def run(self, command: Sequence[str], timeout: float,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Runs `command` to its end (raises subprocess.TimeoutExpired after `timeout` seconds); the program
        and all it started are killed when this raises, for whatever reason."""
        with self._lock:
            if self._stopped:
                raise RuntimeError(f"not started, the job was stopped: {command[0]}")
            # its own session: a Ctrl-C in the terminal reaches the pipeline, which ends the group itself;
            # killed with this process too (a LibreOffice client would otherwise outlive a killed build)
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # see `start`
            try:
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True, errors="replace", env=env,
                                           start_new_session=True, preexec_fn=_die_with_parent())
                self._groups.add(process.pid)
            except BaseException:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                raise
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held back arrives here: killed below
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _kill_group(process.pid)
            process.communicate()
            raise
        finally:
            with self._lock:
                self._groups.discard(process.pid)
        return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)

    def start(self, command: Sequence[str], env: Mapping[str, str] | None = None) -> subprocess.Popen:
        """Starts `command` in the background, in a process group of its own that `stop()` or `end()` kills;
        on Linux it is also killed when this process dies (a killed build leaves no program waiting)."""
        with self._lock:
            if self._stopped:
                raise RuntimeError(f"not started, the job was stopped: {command[0]}")
            # Python code runs in the child between the fork and its own session (preexec_fn): a Ctrl-C to
            # the terminal's group would raise there and print a traceback. Held back, it reaches this
            # process once the program is known here; the program itself never needs it.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, env=env, start_new_session=True,
                                           preexec_fn=_die_with_parent())
                self._groups.add(process.pid)
                self._started[process.pid] = process
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return process

    def end(self, process: subprocess.Popen, timeout: float) -> None:
        """Waits up to `timeout` seconds for a program that `start` started to end by itself, then kills its
        group (whatever it started included)."""
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _kill_group(process.pid)
            process.wait()
            with self._lock:
                self._groups.discard(process.pid)
                self._started.pop(process.pid, None)

    def stop(self) -> None:
        """Kills every running program's group, and waits for the ones `start` started to be gone: a
        program still dying could write into a folder that is removed next (LibreOffice's profile)."""
        with self._lock:
            self._stopped = True
            for group in self._groups:
                _kill_group(group)
            started = list(self._started.values())
        for process in started:
            process.wait()


def _die_with_parent() -> Callable[[], None] | None:
    """What the child runs before the program, on Linux: SIGKILL when the process that started it dies."""
    if sys.platform != "linux":
        return None
    prctl = libc().prctl
    return lambda: prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@functools.cache
def libc() -> ctypes.CDLL:
    """The C library this process runs with (its symbols, as dlopen(NULL) gives them), once: looking it up
    with `ctypes.util.find_library` ran `ldconfig -p` each time (some 10 ms)."""
    return ctypes.CDLL(None, use_errno=True)


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:  # ended already
        pass
