"""Shared by the hooks (MkDocs puts their folder on the import path): where the
build keeps what it has computed, and a memo on disk for pure text transforms.

Everything lives under ``.cache/``, or ``$GD_WEEKLY_CACHE`` when set (the tests
use it to build from a cold cache).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("GD_WEEKLY_CACHE", ROOT / ".cache"))


def source_key(paths: Iterable[Path], root: Path = ROOT) -> str:
    """Hash of the files at ``paths`` (names under ``root`` and contents) and of
    the versions of the libraries that run them."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    for library in ("numpy", "matplotlib"):
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()[:16]


def memo(kind: str, key: bytes, make: Callable[[], str]) -> str:
    """``make()``, computed once per ``key`` and kept in ``CACHE/kind/``."""
    path = CACHE / kind / hashlib.sha256(key).hexdigest()[:16]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return path.read_text(encoding="utf-8")
