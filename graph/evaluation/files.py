"""Reading the evaluation's data files: one-line errors for a missing file or bad YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError

__all__ = ["read_yaml"]


def read_yaml(path: str | Path, what: str = "file") -> Any:
    """The YAML document at ``path``.

    Raises:
        InputError: the file cannot be read or is not valid YAML.
    """
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot read {what} {str(path)!r}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: invalid YAML ({exc})") from exc
