"""Write every playground's data: ``python -m gd_snippets.playgrounds OUT_DIR``
writes ``OUT_DIR/<name>.json`` for each registered playground."""

import sys
from pathlib import Path

from gd_snippets.playgrounds import PLAYGROUNDS, to_json


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit("usage: python -m gd_snippets.playgrounds OUT_DIR")
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in PLAYGROUNDS:
        (out_dir / f"{name}.json").write_text(to_json(name), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
