"""Shared by the hooks (MkDocs puts their folder on the import path): where the
build keeps what it has computed, and a memo on disk for pure text transforms.

Everything lives under ``.cache/``, or ``$GD_WEEKLY_CACHE`` when set (the tests
use it to build from a cold cache).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

CACHE = Path(
    os.environ.get("GD_WEEKLY_CACHE", Path(__file__).resolve().parents[2] / ".cache")
)


def memo(kind: str, key: bytes, make: Callable[[], str]) -> str:
    """``make()``, computed once per ``key`` and kept in ``CACHE/kind/``."""
    path = CACHE / kind / hashlib.sha256(key).hexdigest()[:16]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return path.read_text(encoding="utf-8")
