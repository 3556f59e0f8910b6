"""Render figures to files: ``python -m gd_snippets.figures OUT_DIR [--shard K/N]``.

Writes ``OUT_DIR/<name>.<palette>.svg`` for every figure in both palettes, its
link-preview card ``OUT_DIR/<name>.card.png``, and ``OUT_DIR/catalog.json``
(name -> alt text). With ``--shard K/N`` only every
N-th figure starting at the K-th is rendered, so N processes can share the work.
"""

import argparse
import json
from pathlib import Path

from gd_snippets.figures import PALETTES, catalog, render_card, render_svg


def shard(text: str) -> tuple[int, int]:
    k, n = (int(part) for part in text.split("/"))
    if not 0 <= k < n:
        raise argparse.ArgumentTypeError(
            f"shard must be K/N with 0 <= K < N, got {text}"
        )
    return k, n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gd_snippets.figures")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--shard", type=shard, default=(0, 1), metavar="K/N")
    args = parser.parse_args(argv)
    k, n = args.shard
    figures = catalog()
    for name in sorted(figures)[k::n]:
        for palette in PALETTES:
            path = args.out_dir / f"{name}.{palette}.svg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render_svg(name, palette))
        (args.out_dir / f"{name}.card.png").write_bytes(render_card(name))
    (args.out_dir / "catalog.json").write_text(
        json.dumps(figures, indent=1, sort_keys=True)
    )


if __name__ == "__main__":
    main()
