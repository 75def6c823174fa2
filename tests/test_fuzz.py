"""Fuzz the input side: seeded malformed PDFs, images, texts and .docx files (truncations, byte
flips, random headers, huge declared sizes, zero-length files, wrong extensions) go through a real
``vnplan ingest`` beside good files. The run must not crash, every file must be accounted for in
the documents table, the tables must be readable, and the good files must land."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import random
import struct
import subprocess
import time
import zlib
from collections import Counter
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from ingest.sources import path_id
from tests.test_ingest_inputs import raw_pdf
from vnplan.schemas import SCHEMAS
from vnplan.store import Store

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
VNPLAN = ROOT / ".venv" / "bin" / "vnplan"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SEED = 20261129
N_CASES = 240
TEXT = "Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân xã Thạnh Phú.\nNhiệm vụ: rà soát thủ tục hành chính."


def _good_pdf() -> bytes:
    pdf = FPDF(unit="mm", format=(90, 50))  # small pages: a damaged copy that loses its text layer OCRs fast
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    pdf.multi_cell(0, 4, TEXT)
    return bytes(pdf.output())


def _good_png() -> bytes:
    img = Image.new("L", (360, 60), 255)
    ImageDraw.Draw(img).text((8, 16), "Kế hoạch năm 2026", font=ImageFont.truetype(FONT, 24), fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _good_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(TEXT)
    t = d.add_table(rows=1, cols=3)
    for cell, value in zip(t.rows[0].cells, ["1. Rà soát thủ tục", "Báo cáo", "Năm 2026"], strict=True):
        cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _huge_png(rng: random.Random) -> bytes:
    """A valid PNG header declaring an enormous image (a decompression bomb's header)."""
    w, h = rng.choice([(100_000, 100_000), (65_535, 65_535), (1, 2_000_000_000), (40_000, 40_000)])
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _huge_pdf(rng: random.Random) -> bytes:
    """A tiny PDF whose page declares a huge (or degenerate) MediaBox."""
    size = rng.choice(["1e6 1e6", "14400 14400", "7200 7200", "0 0", "-500 -500", "1e30 1e30"])
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + size.encode() + b"] >>",
    ]
    return raw_pdf(objs)


def _mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    op = rng.choice(["truncate", "flip", "flip_many", "header", "prefix", "zero", "nulls", "random", "splice"])
    b = bytearray(data)
    if op == "truncate":
        return op, bytes(b[: rng.randrange(1, max(2, len(b)))])
    if op in ("flip", "flip_many"):
        for _ in range(1 if op == "flip" else rng.randrange(2, 64)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return op, bytes(b)
    if op == "header":
        n = min(len(b), rng.randrange(1, 16))
        b[:n] = rng.randbytes(n)
        return op, bytes(b)
    if op == "prefix":
        return op, rng.randbytes(rng.randrange(1, 64)) + bytes(b)
    if op == "zero":
        return op, b""
    if op == "nulls":
        i = rng.randrange(len(b))
        return op, bytes(b[:i]) + b"\x00" * rng.randrange(1, 512) + bytes(b[i:])
    if op == "random":
        return op, rng.randbytes(rng.randrange(1, 4096))
    i, j = sorted(rng.randrange(len(b)) for _ in range(2))
    return op, bytes(b[:i]) + bytes(b[j:]) + bytes(b[i:j])  # blocks swapped


def make_cases(folder: Path, n: int = N_CASES, seed: int = SEED) -> dict[str, str]:
    """Write ``n`` malformed files (plus one good file of each kind) into ``folder``; returns
    file name -> how it was made."""
    rng = random.Random(seed)
    goods = {
        ".pdf": _good_pdf(),
        ".png": _good_png(),
        ".txt": TEXT.encode("utf-8"),
        ".docx": _good_docx(),
    }
    made: dict[str, str] = {}
    for ext, data in goods.items():
        (folder / f"good{ext}").write_bytes(data)
        made[f"good{ext}"] = "good"
    exts = list(goods) + [".jpg", ".tif", ".doc", ".bin", ""]
    for i in range(n):
        base_ext = rng.choice(list(goods))
        r = rng.random()
        if r < 0.06:
            how, data = "huge_png", _huge_png(rng)
        elif r < 0.12:
            how, data = "huge_pdf", _huge_pdf(rng)
        else:
            how, data = _mutate(goods[base_ext], rng)
            how = f"{base_ext[1:]}:{how}"
        ext = base_ext if rng.random() < 0.75 else rng.choice(exts)  # a quarter carry a wrong extension
        name = f"case{i:03d}{ext}"
        (folder / name).write_bytes(data)
        made[name] = how
    return made


def test_fuzzed_inputs_never_crash_the_run_and_are_all_accounted_for(tmp_path: Path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    made = make_cases(raw)
    assert len(made) - 4 >= 200
    env = dict(os.environ, VNPLAN_PAGE_TIMEOUT="20")
    t0 = time.monotonic()
    # Files are given one by one (as a user's shell glob would): names without a known
    # extension must be accounted for too, not only what a folder search picks up.
    proc = subprocess.run(
        [str(VNPLAN), "ingest", *sorted(str(raw / n) for n in made), "--out", str(out), "--workers", "2"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )
    took = time.monotonic() - t0
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert 0 < proc.returncode < 128, (proc.returncode, proc.stderr[-2000:])  # some failed; no crash

    store = Store(out)
    tables = {name: store.read(name) for name in SCHEMAS}  # every file of every table reads back
    assert all(store.files(name) for name in ("documents", "pages", "words", "tasks"))
    docs = tables["documents"].to_pandas().set_index("doc_id")
    # every file is a row: by its content hash, or (unreadable) by its path
    for name in made:
        path = raw / name
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()[:16]
        assert key in docs.index or path_id(path) in docs.index, (name, made[name])
    by_name = docs.reset_index().set_index("file_name")
    for name in ("good.pdf", "good.png", "good.txt", "good.docx"):
        assert by_name.loc[name, "status"] == "ok", (name, by_name.loc[name, "error"])
    failed = docs[docs.status == "failed"]
    assert failed.error.notna().all() and (failed.error.str.len() > 0).all()
    assert (docs.loc[docs.status == "ok", "error"].isna()).all()
    pages = tables["pages"].to_pandas()
    assert not pages.text_raw.str.contains("\x00", regex=False).any()  # no binary read as text
    assert set(pages.doc_id) <= set(docs.index[docs.status != "failed"])

    counts = Counter(docs.status)
    kinds = Counter(how.split(":")[0] for how in made.values())
    log.warning(
        "fuzz: %d files (%s) -> %d documents: %d ok, %d partial, %d failed; %.0f s",
        len(made), dict(kinds), len(docs), counts["ok"], counts["partial"], counts["failed"], took,
    )
    assert took < 120, f"fuzz run took {took:.0f} s"
