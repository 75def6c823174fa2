"""Put the bundled samples in ``data/raw/``: the five sample plans and scans rendered from them.

The plans are committed in ``data/samples/`` (copies of the project's seeds); the scanned samples
are rendered from plan 004 deterministically, so every clone gets the same files, with or without
``../shared`` beside it.
Run as ``python -m devkit.samples``; files already present are left alone. ``make ingest`` adds the
samples only to an input folder that holds no input files yet.
"""

from __future__ import annotations

import argparse
import logging
import shutil
from pathlib import Path

from ingest.sources import SUPPORTED_EXT

from .paths import SEEDS
from .synth import degrade_page, layout_pages, render_pages, save_pdf

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SCAN_NAME = "sample_004_scan.pdf"
IMAGE_NAME = "sample_004_page.png"


def make_samples(raw_dir: Path, seeds_dir: Path = SEEDS) -> list[Path]:
    raw_dir.mkdir(parents=True, exist_ok=True)
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise FileNotFoundError(f"no sample plans under {seeds_dir}: the clone is incomplete")
    made = []
    for seed in seeds:
        dest = raw_dir / seed.name
        if not dest.exists():
            shutil.copyfile(seed, dest)
            made.append(dest)
    scan = raw_dir / SCAN_NAME
    seed004 = next((s for s in seeds if s.name.startswith("004_")), None)
    if seed004 and not scan.exists():
        log.info("rendering %s from %s (a degraded 300 dpi scan)", scan.name, seed004.name)
        pages = render_pages(seed004.read_text(encoding="utf-8"), dpi=300, seed=4, degrade="light")
        save_pdf(pages, scan)
        made.append(scan)
    image = raw_dir / IMAGE_NAME
    if seed004 and not image.exists():
        # The plan's first page (header, title, opening) as a photographed-then-scanned image.
        text = "\n".join(seed004.read_text(encoding="utf-8").splitlines()[:40])
        degrade_page(layout_pages(text, dpi=300)[0], "medium", seed=7).save(image)
        made.append(image)
    return made


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "raw", help="where to put the samples")
    ap.add_argument("--seeds", type=Path, default=SEEDS, help="folder of the sample plans (.txt)")
    ap.add_argument("--if-empty", action="store_true", help="only when the folder holds no input files yet")
    args = ap.parse_args()
    if args.if_empty and args.out.is_dir() and any(f.suffix.lower() in SUPPORTED_EXT for f in args.out.rglob("*")):
        log.info("%s already holds input files: no samples added (`make samples` adds them)", args.out)
        return
    made = make_samples(args.out, args.seeds)
    log.info("%d sample files written to %s", len(made), args.out)


if __name__ == "__main__":
    main()
