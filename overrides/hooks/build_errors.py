"""Shared by the hooks (MkDocs puts their folder on the import path): build
errors that say where the problem is and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def where(file, text: str) -> str:
    """``path:line`` of the first line of MkDocs ``file``'s source that holds the
    first line of ``text`` (just ``path`` when no line does)."""
    path = Path(file.abs_src_path)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    needle = text.strip().splitlines()[0] if text.strip() else text
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{shown}:{number}"
    return str(shown)


def choices(wrong: str, valid: Iterable[str], *, show_all: int = 12) -> str:
    """The nearest of ``valid`` to ``wrong`` as a hint, or all of them if few."""
    valid = sorted(valid)
    few = len(valid) <= show_all  # all are listed: the single nearest is enough
    n = 1 if few else 3
    nearest = difflib.get_close_matches(wrong, valid, n=n, cutoff=0.6)
    if not nearest and wrong.lower() != wrong:
        nearest = difflib.get_close_matches(wrong.lower(), valid, n=n, cutoff=0.6)
    hint = f"did you mean {' or '.join(nearest)}?" if nearest else ""
    if few:
        return f"{hint} valid: {', '.join(valid)}".strip()
    return hint or f"none is close among the {len(valid)} known"
