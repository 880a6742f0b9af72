"""Is a workbook on a network share? SQLite, which keeps the workbook, advises against it:
file locks are unreliable over a network, and a connection dropped in the middle of a save
can damage the file. The app still opens it, and says once that a copy on this computer's
own disk is safer.

What the system says is read where it says it: a UNC path (`\\\\server\\share\\…`) is
remote; on Windows `GetDriveTypeW` names mapped network drives; on Linux the mount table
names the file system under the path (NFS, SMB/CIFS, SSHFS and the like). Elsewhere the
answer is "unknown" and nothing is said. The lookup is injectable so tests cover each case.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath
from typing import Literal

Kind = Literal["local", "network", "unknown"]
Lookup = Callable[[Path], Kind]

# Linux file system types that live on another computer.
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.s3fs",
    "fuse.glusterfs", "fuse.cephfs",
})
_DRIVE_REMOTE = 4  # GetDriveTypeW


def is_unc(path: str | Path) -> bool:
    text = str(path)
    return (text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "//?/"))) \
        or text.upper().startswith("\\\\?\\UNC\\")


def _mount_table() -> list[tuple[str, str]]:
    """(mount point, file system type) of every mount, from Linux's own table."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return []
    mounts = []
    for line in lines:
        before, _, after = line.partition(" - ")
        fields, kind = before.split(), after.split()
        if len(fields) >= 5 and kind:
            point = fields[4].replace("\\040", " ").replace("\\011", "\t") \
                .replace("\\012", "\n").replace("\\134", "\\")
            mounts.append((point, kind[0]))
    return mounts


def linux_kind(path: Path, mounts: list[tuple[str, str]] | None = None) -> Kind:
    """The kind of file system holding `path`: the longest mount point above it decides."""
    table = _mount_table() if mounts is None else mounts
    if not table:
        return "unknown"
    target = os.path.realpath(path)
    best, kind = "", ""
    for point, fs_type in table:
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fs_type
    if not best:
        return "unknown"
    return "network" if kind in NETWORK_FILESYSTEMS else "local"


def windows_kind(path: Path) -> Kind:  # unverified: runs on Windows only
    import ctypes

    anchor = PureWindowsPath(os.path.abspath(path)).anchor
    if not anchor:
        return "unknown"
    drive_type = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(anchor))  # type: ignore[attr-defined]
    return "network" if drive_type == _DRIVE_REMOTE else "local"


def system_kind(path: Path) -> Kind:
    if sys.platform.startswith("win"):
        return windows_kind(path)
    if sys.platform.startswith("linux"):
        return linux_kind(path)
    return "unknown"


def drive_kind(path: str | Path, lookup: Lookup | None = None) -> Kind:
    if is_unc(path):
        return "network"
    try:
        return (lookup or system_kind)(Path(path))
    except (OSError, ValueError):
        return "unknown"  # a question the system could not answer is not a warning


def warning(path: str | Path, lookup: Lookup | None = None) -> str | None:
    """One sentence to show when `path` is on a network share; None otherwise."""
    if drive_kind(path, lookup) != "network":
        return None
    return (f"«{Path(path).name}» is on a network drive. A dropped connection during a save "
            "can damage a workbook there; working on a copy on this computer's own disk is "
            "safer (copy it back when you are done).")
