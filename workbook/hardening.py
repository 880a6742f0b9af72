"""What a process holding a passphrase and open notes must do before it holds either.

A core dump is a copy of the process's memory on disk: the key, the passphrase as typed and
every note on screen, in plaintext, in a folder the coach never chose (often one every user
can read). So the command line and the window turn core dumps off before they read anything:
the core-file size limit goes to zero, hard limit included, so nothing later in the process
can raise it again; on Linux the process is also marked not dumpable, which keeps a crash
handler (systemd-coredump, apport) from capturing it and other processes of the same user
from reading its memory through ptrace or /proc.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys

_PR_SET_DUMPABLE = 4  # <linux/prctl.h>


def harden_process() -> None:
    """Turn core dumps off for this process (and the ones it starts); idempotent, and
    silent where a platform has no such knob (Windows writes no core files by itself)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    # A limit that cannot be lowered (odd sandboxes) leaves the rest of the work to prctl.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _not_dumpable() -> None:
    try:
        # The running program's own symbols include libc's: no search for a library file.
        ctypes.CDLL(None).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):  # a libc without prctl (static builds): rlimit stands
        return
