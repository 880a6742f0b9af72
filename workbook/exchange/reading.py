"""Reading an input file the user chose, with one sentence for each way it can fail."""

from __future__ import annotations

from pathlib import Path

from workbook.errors import InvalidInput, NotFound


def read_limited(path: Path, limit: int, name: str) -> bytes:
    """The file's bytes; a missing, unreadable or too large file becomes one sentence."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidInput(f"{name} is a folder, not a file.")
        if size > limit:
            raise InvalidInput(
                f"{name} is too large ({size / 1_048_576:.0f} MB; at most "
                f"{limit // 1_048_576} MB)."
            )
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise NotFound(f"There is no file at «{path}».") from None
    except PermissionError:
        raise InvalidInput(f"{name} cannot be read: you do not have permission.") from None
    except OSError as exc:
        raise InvalidInput(f"{name} cannot be read ({exc.strerror or exc}).") from None
