"""Peak-memory measurement shared by the benchmarks (Linux: /proc/self/status, glibc)."""

from __future__ import annotations

import ctypes
import gc
from pathlib import Path


def status_mib(key: str) -> float:
    """A memory line (VmRSS, VmHWM) of /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def reset_peak() -> float | None:
    """Return freed heap to the OS, reset the kernel's peak-RSS mark; return RSS in MiB."""
    gc.collect()
    malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc only
    if malloc_trim is not None:
        malloc_trim(0)
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM := VmRSS
        return status_mib("VmRSS")
    except OSError:
        return None
