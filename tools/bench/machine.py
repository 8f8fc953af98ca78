"""The machine and the versions a benchmark ran with, and how busy the machine was."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from importlib import metadata


def describe() -> dict[str, str]:
    info = {
        "CPU": _cpu(),
        "cores": str(os.cpu_count()),
        "memory": _memory(),
        "system": platform.platform(),
        "Python": sys.version.split()[0],
    }
    for package in ("openpyxl", "docxtpl", "python-docx", "docxcompose", "Jinja2", "lxml", "pillow",
                    "pypandoc_binary"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "-"
    info["pandoc"] = _pandoc()
    info["LibreOffice"] = _soffice()
    return info


def load() -> str:
    """The load average (1, 5, 15 minutes): the machine is shared, so figures vary with it."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "-"


def wait_for_calm(limit: float, patience: float = 180.0) -> str:
    """Wait until the 1-minute load average is below `limit` (other work on a shared machine stretches
    wall times), at most `patience` seconds; the load average when measuring starts."""
    deadline = time.monotonic() + patience
    try:
        while os.getloadavg()[0] >= limit and time.monotonic() < deadline:
            time.sleep(10)
    except OSError:
        pass
    return load()


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "-"


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        return f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        return "-"


def _pandoc() -> str:
    try:
        import pypandoc
        return pypandoc.get_pandoc_version()
    except Exception:  # noqa: BLE001 (a description, never a reason to fail)
        return "-"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        return "not installed"
    try:
        out = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=60).stdout
        return " ".join(out.split()[:2]) or "installed"
    except (OSError, subprocess.TimeoutExpired):
        return "installed"
