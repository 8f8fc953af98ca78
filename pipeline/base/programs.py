"""Runs outside programs (LibreOffice) in process groups of their own, so that a time-out or a Ctrl-C ends
each program with everything it started (soffice -> oosplash -> soffice.bin)."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence


class Programs:
    """The outside programs of one job. `stop()` ends the running ones and refuses to start more: a
    Ctrl-C reaches only the main thread, and the programs of the other threads must end with it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._groups: set[int] = set()
        self._stopped = False

    def run(self, command: Sequence[str], timeout: float,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Runs `command` to its end (raises subprocess.TimeoutExpired after `timeout` seconds); the program
        and all it started are killed when this raises, for whatever reason."""
        with self._lock:
            if self._stopped:
                raise RuntimeError(f"not started, the job was stopped: {command[0]}")
            # its own session: a Ctrl-C in the terminal reaches the pipeline, which ends the group itself
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, errors="replace", env=env,
                                       start_new_session=True)
            self._groups.add(process.pid)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _kill_group(process.pid)
            process.communicate()
            raise
        finally:
            with self._lock:
                self._groups.discard(process.pid)
        return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for group in self._groups:
                _kill_group(group)


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:  # ended already
        pass
