"""Ablation of page preprocessing and layout before Tesseract 'vie': CER per set and per page.

Sets (pages are rendered once into build/preprocess_eval/, seeded):
  real     the dev photos in ../shared/real (a 576x960 phone photo of a công văn and 4 degraded
           variants; development material, never tuned on alone). Skipped when absent.
  photo    synthetic phone photos (devkit.synth.photo_page) of administrative pages in the Decree
           30/2020 layout (documents written here, bodies from held-out corpus files) and of plain
           held-out corpus pages
  shadow   synthetic phone photos with a hard shadow across part of the page (a hand or the phone)
  scan150  the same kind of pages scanned at 150 dpi (light degradation, then resampled)
  scan200  ... at 200 dpi
  scan300  ... at 300 dpi, medium degradation: the pages that must not get worse
  turned   200 dpi pages turned by 90, 180 and 270 degrees

Configurations, each adding one step to the one before (ingest.ocr.ReadOptions):
  bare        `tesseract -l vie --psm 3` on the image as given
  current     + deskew and table-rule removal (what ingest did before)
  +upscale    + small text enlarged to the size Tesseract reads best (ingest.preprocess)
  +background + background division (flat paper under uneven light)
  +layout     + two-column header / signature block read column by column (ingest.layout)
  +rotate     + OSD rotation on pages that read poorly (= what ingest does now)
  -background everything but the background division

    python bench/preprocess_eval.py [--sets real,photo] [--configs bare,+rotate] [--workers 2] [-v]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from devkit import synth  # noqa: E402
from ingest import ocr  # noqa: E402
from normalize.build_model import DEFAULT_CORPUS, read_text, split_corpus  # noqa: E402
from vnplan.metrics import cer  # noqa: E402

log = logging.getLogger("preprocess_eval")
REAL = ROOT.parent / "shared" / "real"
CACHE = ROOT / "build" / "preprocess_eval"

CONFIGS: dict[str, ocr.ReadOptions | None] = {
    "bare": None,
    "current": ocr.ReadOptions(upscale=False, background=False, rotate=False, layout=False),
    "+upscale": ocr.ReadOptions(background=False, rotate=False, layout=False),
    "+background": ocr.ReadOptions(rotate=False, layout=False),
    "+layout": ocr.ReadOptions(rotate=False),
    "+rotate": ocr.ReadOptions(),
    "-background": ocr.ReadOptions(background=False),
}

# Administrative documents written for this benchmark (not from any real file): header and
# signature block in the Decree 30 layout; bodies come from held-out corpus files.
ADMIN = [
    synth.AdminDoc(
        "UBND TỈNH QUẢNG NAM", "SỞ NỘI VỤ", "Số: 215/SNV-CCHC",
        "V/v triển khai kế hoạch cải cách hành chính năm 2024", "Quảng Nam, ngày 3 tháng 4 năm 2024", "",
        ("Như trên;", "UBND các huyện, thị xã;", "Lưu: VT, CCHC."), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        "Nguyễn Văn An",
    ),
    synth.AdminDoc(
        "UBND HUYỆN ĐIỆN BÀN", "UBND XÃ ĐIỆN HÒA", "Số: 42/UBND-VP",
        "V/v báo cáo kết quả thực hiện nhiệm vụ quý I", "Điện Hòa, ngày 28 tháng 3 năm 2025", "",
        ("Phòng Nội vụ huyện;", "Thường trực Đảng ủy xã;", "Lưu: VT."), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        "Trần Thị Bích Ngọc",
    ),
    synth.AdminDoc(
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "CỤC CÔNG NGHỆ THÔNG TIN", "Số: 1187/CNTT-VP",
        "V/v hướng dẫn triển khai dịch vụ công trực tuyến", "Hà Nội, ngày 15 tháng 9 năm 2023", "",
        ("Các sở giáo dục và đào tạo;", "Lưu: VT, VP."), ("CỤC TRƯỞNG",), "Lê Hoàng Minh",
    ),
    synth.AdminDoc(
        "UBND THÀNH PHỐ CẦN THƠ", "SỞ Y TẾ", "Số: 3306/SYT-NVY",
        "V/v tăng cường phòng, chống dịch bệnh mùa mưa", "Cần Thơ, ngày 7 tháng 8 năm 2022", "",
        ("Như trên;", "Bệnh viện đa khoa thành phố;", "Lưu: VT, NVY."), ("GIÁM ĐỐC",), "Phạm Quốc Hùng",
    ),
]


@dataclass(frozen=True)
class EvalPage:
    set: str
    name: str
    path: Path
    gt: str
    dpi: int  # what ingest would assume: the file's dpi, or 300 when it has none (photos)


def _bodies(n: int, chars: int) -> list[str]:
    """``n`` excerpts of held-out corpus files, whole paragraphs, about ``chars`` long."""
    _, held = split_corpus(DEFAULT_CORPUS)
    out = []
    for f in held:
        paras = [p.strip() for p in read_text(f).splitlines() if p.strip() and "\t" not in p]
        paras = [synth.clean_markup(p) for p in paras[10:]]
        text, k = [], 0
        for p in paras:
            if k + len(p) > chars and text:
                break
            text.append(p)
            k += len(p)
        out.append("\n".join(text))
        if len(out) == n:
            break
    return out


def _sources() -> list[tuple[str, Image.Image, str]]:
    """(name, clean 300 dpi page, ground truth) for 4 administrative and 4 plain corpus pages."""
    out = []
    bodies = _bodies(8, 1100)
    for i, doc in enumerate(ADMIN):
        d = synth.AdminDoc(**{**doc.__dict__, "body": bodies[i]})
        pages = synth.layout_admin_pages(d)
        if len(pages) == 1:
            out.append((f"admin{i}", pages[0], d.reading_order()))
    for i, body in enumerate(_bodies(8, 2300)[4:]):
        pages = synth.layout_pages(body)
        if len(pages) == 1:
            out.append((f"corpus{i}", pages[0], body))
    return out


def _shadow(img: Image.Image, seed: int) -> Image.Image:
    """Darken a band of the page to 45-60% behind a soft, slanted edge: the shadow of a hand."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(img.convert("L"), dtype=np.float32)
    yy, xx = np.mgrid[0 : arr.shape[0], 0 : arr.shape[1]].astype(np.float32)
    edge = float(rng.uniform(0.3, 0.6)) * arr.shape[1] + float(rng.uniform(-0.3, 0.3)) * yy
    soft = 1 / (1 + np.exp(-(xx - edge) / 6.0))  # 1 inside the shadow
    out = arr * (1 - soft * float(rng.uniform(0.4, 0.55)))
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def build() -> list[EvalPage]:
    CACHE.mkdir(parents=True, exist_ok=True)
    pages: list[EvalPage] = []
    if (REAL / "4_1_gt.txt").exists():
        gt = (REAL / "4_1_gt.txt").read_text(encoding="utf-8")
        for p in sorted(REAL.glob("4_1*.jpg")):
            pages.append(EvalPage("real", p.stem, p, gt, 300))
    else:
        log.warning("no dev photos in %s: the real set is skipped", REAL)
    for k, (name, clean, gt) in enumerate(_sources()):
        variants: list[tuple[str, int, Image.Image | None]] = [("photo", 300, None)]
        if k % 2 == 1:
            variants.append(("shadow", 300, None))
        if k % 2 == 0:
            variants += [("scan150", 150, None), ("scan300", 300, None)]
        else:
            variants += [("scan200", 200, None)]
        if k in (1, 2, 5):
            variants.append(("turned", 200, None))
        for set_name, dpi, _ in variants:
            path = CACHE / f"{set_name}_{name}.png"
            if not path.exists():
                if set_name == "photo":
                    img = synth.photo_page(clean, seed=k)
                elif set_name == "shadow":
                    img = _shadow(synth.photo_page(clean, seed=k), seed=k)
                elif set_name == "scan300":
                    img = synth.degrade_page(clean, "medium", seed=k)
                else:
                    img = synth.resample_dpi(synth.degrade_page(clean, "light", seed=k), 300, dpi)
                if set_name == "turned":
                    img = img.rotate({1: 90, 2: 180, 5: 270}[k], expand=True)
                if set_name in ("photo", "shadow"):  # phones write no useful resolution
                    img.save(path)
                else:
                    img.save(path, dpi=(dpi, dpi))
            pages.append(EvalPage(set_name, name, path, gt, dpi))
    return pages


def _run(args: tuple[EvalPage, str]) -> tuple[str, str, str, float, float, float | None, float]:
    page, config = args
    ocr.single_threaded()
    with Image.open(page.path) as im:
        img = im.convert("L")
    t = time.perf_counter()
    opts = CONFIGS[config]
    if opts is None:
        res: ocr.OcrResult = ocr.ocr_image(img, dpi=page.dpi)
        scale, height = 1.0, None
    else:
        r = ocr.read_page(img, dpi=page.dpi, opts=opts)
        res, scale, height = r, r.scale, r.text_px
    return page.set, page.name, config, cer(page.gt, res.text), scale, height, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="real,photo,shadow,scan150,scan200,scan300,turned")
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO if a.v else logging.WARNING, format="%(message)s")
    sets, configs = a.sets.split(","), a.configs.split(",")
    pages = [p for p in build() if p.set in sets]
    jobs = [(p, c) for p in pages for c in configs]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=a.workers) as ex:
        results = list(ex.map(_run, jobs))
    by = {(s, n, c): (e, sc, h, t) for s, n, c, e, sc, h, t in results}

    w = max(len(c) for c in configs) + 1
    print("\nCER per page (scale: upscale factor chosen; text px: measured glyph height)")
    print(f"{'set':8} {'page':22} {'text px':>7} {'scale':>5} " + " ".join(f"{c:>{w}}" for c in configs))
    for p in pages:
        full = by.get((p.set, p.name, configs[-1]))
        h = next((by[(p.set, p.name, c)][2] for c in configs if by[(p.set, p.name, c)][2]), None)
        sc = max(by[(p.set, p.name, c)][1] for c in configs)
        cells = " ".join(f"{by[(p.set, p.name, c)][0]:>{w}.4f}" for c in configs)
        print(f"{p.set:8} {p.name:22} {h or 0:>7.1f} {sc:>5.2f} {cells}" + ("" if full else ""))

    print("\nMean CER per set (each configuration adds one step to the one on its left; '-background' = all but it)")
    print(f"{'set':8} {'pages':>5} " + " ".join(f"{c:>{w}}" for c in configs))
    for s in sets:
        names = [p.name for p in pages if p.set == s]
        if not names:
            continue
        cells = " ".join(f"{statistics.mean(by[(s, n, c)][0] for n in names):>{w}.4f}" for c in configs)
        print(f"{s:8} {len(names):>5} {cells}")
    print("\nMean seconds per page")
    for s in sets:
        names = [p.name for p in pages if p.set == s]
        if names:
            cells = " ".join(f"{statistics.mean(by[(s, n, c)][3] for n in names):>{w}.2f}" for c in configs)
            print(f"{s:8} {len(names):>5} {cells}")
    print(f"\n{len(jobs)} OCR runs in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
