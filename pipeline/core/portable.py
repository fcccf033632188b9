"""What differs between operating systems, behind small functions: file locks, the address-space limit, the
cores this process may use. Imported everywhere, so it must import nothing that only Linux has."""

from __future__ import annotations

import os
from typing import IO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


def lock(f: IO, *, wait: bool = True) -> bool:
    """An exclusive lock on an open file, dropped by the kernel when the holder dies. False when `wait` is off
    and another process holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True
    import msvcrt

    try:
        msvcrt.locking(f.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def limit_address_space(mb: int) -> None:
    """Cap this process's virtual memory (RLIMIT_AS) where the system has it; elsewhere a no-op."""
    try:
        import resource
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask on Linux), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
