"""Bad input never stops a run: each failure is recorded with its reason, the rest lands, re-runs
do not duplicate, and an interrupted write leaves the previous tables whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fpdf import FPDF

from ingest.pdf import is_real_text
from ingest.sources import check_pdf_bytes, discover, discover_inputs
from vnplan.pipeline import Options, run
from vnplan.store import Store

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
NO_STAGES = Options(restore=False, extract=False, progress=False, workers=1)


def text_pdf(path: Path, pages: list[str], password: str | None = None) -> Path:
    """A born-digital PDF with a real text layer (Unicode font, Vietnamese text)."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def raw_pdf(objs: list[bytes]) -> bytes:
    """A minimal PDF made of these objects (1 0 obj is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def zero_page_pdf(path: Path) -> Path:
    path.write_bytes(raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path


@pytest.fixture
def vietnamese_text(seed_paths) -> str:
    lines = seed_paths["004"].read_text(encoding="utf-8").splitlines()
    return "\n".join(ln for ln in lines[60:80] if ln.strip() and "\t" not in ln)


@pytest.fixture
def mixed_inputs(tmp_path: Path, vietnamese_text: str, seed_paths) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    good = text_pdf(raw / "good_text_layer.pdf", [vietnamese_text[:1500], vietnamese_text[1500:3000] or "Trang hai."])
    shutil.copy(seed_paths["000"], raw / "seed000.txt")
    (raw / "empty.pdf").write_bytes(b"")
    (raw / "html.pdf").write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>")
    (raw / "png.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    data = good.read_bytes()
    (raw / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (raw / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    text_pdf(raw / "encrypted.pdf", ["Bí mật."], password="secret")
    zero_page_pdf(raw / "zero_pages.pdf")
    return raw


EXPECTED_REASONS = {
    "empty.pdf": "empty file",
    "html.pdf": "not a PDF",
    "png.pdf": "not a PDF: the file is a PNG image",
    "truncated.pdf": "truncated PDF",
    "corrupt.pdf": "corrupt PDF",
    "encrypted.pdf": "encrypted PDF",
    "zero_pages.pdf": "no pages",
}


def test_every_bad_file_is_recorded_and_the_rest_lands(mixed_inputs: Path, tmp_path: Path, vietnamese_text):
    out = tmp_path / "out"
    summary = run([mixed_inputs], out, NO_STAGES)
    assert len(summary.failed) == len(EXPECTED_REASONS)
    docs = Store(out).read("documents").to_pandas().set_index("file_name")
    for name, reason in EXPECTED_REASONS.items():
        assert docs.loc[name, "status"] == "failed", name
        assert reason in docs.loc[name, "error"], (name, docs.loc[name, "error"])
        assert docs.loc[name, "n_pages"] == 0
    assert docs.loc["good_text_layer.pdf", "status"] == "ok"
    assert docs.loc["seed000.txt", "status"] == "ok"

    pages = Store(out).read("pages").to_pandas()
    good_id = docs.loc["good_text_layer.pdf", "doc_id"]
    good_pages = pages[pages.doc_id == good_id].sort_values("page_no")
    assert list(good_pages.page_no) == [1, 2]
    assert set(good_pages.method) == {"text_layer"}
    # The text layer is read as written: Vietnamese diacritics intact, NFC.
    first_words = vietnamese_text.split()[:8]
    assert " ".join(first_words) in " ".join(good_pages.text_raw.iloc[0].split())
    words = Store(out).read("words").to_pandas()
    assert (words.doc_id == good_id).sum() > 50
    assert not set(pages.doc_id) & set(docs[docs.status == "failed"].doc_id)


def test_rerun_skips_and_force_does_not_duplicate(mixed_inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    run([mixed_inputs], out, NO_STAGES)
    store = Store(out)
    before = {name: store.read(name).num_rows for name in ("documents", "pages", "words")}
    again = run([mixed_inputs], out, NO_STAGES)
    assert len(again.skipped) == 2 and len(again.ok) == 0  # the two good files
    # Failed files are retried (the cause may have been fixed) but still give one row each.
    assert len(again.failed) == len(EXPECTED_REASONS)
    forced = run([mixed_inputs], out, Options(force=True, restore=False, extract=False, progress=False, workers=1))
    assert len(forced.ok) == 2
    after = {name: store.read(name).num_rows for name in ("documents", "pages", "words")}
    assert after == before
    docs = store.read("documents").to_pandas()
    assert docs.doc_id.is_unique


def test_interrupted_write_keeps_previous_tables(mixed_inputs: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    run([mixed_inputs], out, NO_STAGES)
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet")}
    assert {p.parts[0] for p in snapshot} >= {"documents", "pages", "words"}

    real_write = pq.write_table
    calls = {"n": 0}

    def dying_write(table, where, **kw):
        calls["n"] += 1
        if calls["n"] == 2:  # the second file of the run: the first document's words were replaced
            Path(where).write_bytes(b"PAR1 half a file")
            raise KeyboardInterrupt("simulated Ctrl-C while writing")
        return real_write(table, where, **kw)

    monkeypatch.setattr(pq, "write_table", dying_write)
    with pytest.raises(KeyboardInterrupt):
        run([mixed_inputs], out, Options(force=True, restore=False, extract=False, progress=False, workers=1))
    monkeypatch.setattr(pq, "write_table", real_write)

    assert not list(out.rglob(".*tmp*")), "no temporary file may be left behind"
    assert set(snapshot) == {p.relative_to(out) for p in out.rglob("*.parquet")}
    for name, data in snapshot.items():
        if name.parts[0] != "words":  # the first document's words were replaced before the kill
            assert (out / name).read_bytes() == data, f"{name} changed by an interrupted run"
        pq.read_table(out / name)  # every file is whole and readable
    docs = Store(out).read("documents").to_pandas()
    assert docs.doc_id.is_unique


def test_sources_are_keyed_by_content(tmp_path: Path, seed_paths):
    a = tmp_path / "a.txt"
    b = tmp_path / "sub" / "b_copy.txt"
    b.parent.mkdir()
    shutil.copy(seed_paths["003"], a)
    shutil.copy(seed_paths["003"], b)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    found = discover_inputs([tmp_path])
    # same bytes, one document; the copy is reported as a duplicate of the first
    assert [s.path.name for s in found.sources] == ["a.txt", "notes.docx"]
    assert [(d.name, o.name) for d, o in found.duplicates] == [("b_copy.txt", "a.txt")]
    assert len(found.sources[0].doc_id) == 16
    # a ZIP named .docx that is no Word document is accounted for, with a reason
    assert found.sources[1].kind == "failed" and "not a .docx" in found.sources[1].error


def test_missing_input_path_is_an_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "nope"])


def test_pdf_byte_checks(tmp_path: Path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"PK\x03\x04rest")
    assert "ZIP" in check_pdf_bytes(p)
    p.write_bytes(b"%PDF-1.4\n...\n%%EOF\n")
    assert check_pdf_bytes(p) is None


def test_real_text_heuristic():
    assert is_real_text("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025")
    assert not is_real_text("   \n  12  ")
    assert not is_real_text("(cid:12)(cid:44)(cid:87)(cid:3)(cid:55)(cid:66)(cid:90)(cid:91)" * 3)


def test_text_files_in_other_encodings(tmp_path: Path):
    from normalize.legacy import _TCVN3

    # TCVN3 has no codes for capital toned vowels, so the sentence starts with a plain capital.
    sentence = "Kế hoạch cải cách hành chính của ủy ban nhân dân xã Thạnh Phú năm 2026."
    to_tcvn3 = {uni: legacy for legacy, uni in _TCVN3.items()}
    tcvn3 = "".join(to_tcvn3.get(ch, ch) for ch in sentence)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "tcvn3.txt").write_bytes(tcvn3.encode("cp1252"))
    (raw / "utf16.txt").write_bytes(sentence.encode("utf-16"))
    run([raw], tmp_path / "out", NO_STAGES)
    pages = Store(tmp_path / "out").read("pages").to_pandas()
    assert len(pages) == 2
    assert (pages.text_raw.str.strip() == sentence).all()


def test_blank_scan_and_failing_stage_keep_what_was_read(tmp_path: Path, seed_paths, monkeypatch):
    from PIL import Image

    import extract
    from ingest.sources import discover_inputs
    from vnplan.pipeline import doc_task
    from vnplan.work import process_document

    raw = tmp_path / "raw"
    raw.mkdir()
    Image.new("L", (2480, 3508), 250).save(raw / "blank.pdf", format="PDF", resolution=300.0)
    shutil.copy(seed_paths["003"], raw / "seed003.txt")
    summary = run([raw], tmp_path / "out", Options(progress=False, workers=1))
    assert not summary.failed
    docs = Store(tmp_path / "out").read("documents").to_pandas().set_index("file_name")
    assert docs.loc["blank.pdf", "status"] == "partial"
    assert "no text found" in docs.loc["blank.pdf", "error"]
    assert docs.loc["seed003.txt", "status"] == "ok"

    # The document's work (done in a worker during a run) with a failing extractor, here in-process.
    def broken(doc):
        raise ValueError("simulated extractor bug")

    monkeypatch.setattr(extract, "extract_document", broken)
    src = next(s for s in discover_inputs([raw]).sources if s.kind == "text")
    out = tmp_path / "out2"
    outcome = process_document(doc_task(src, out, Options(progress=False)))
    assert outcome.status == "partial"
    store = Store(out)
    docs = store.read("documents").to_pandas().set_index("file_name")
    assert docs.loc["seed003.txt", "status"] == "partial"
    assert "extraction failed: ValueError: simulated extractor bug" in docs.loc["seed003.txt", "error"]
    pages = store.read("pages").to_pandas().set_index("doc_id")
    restored = pages.loc[docs.loc["seed003.txt", "doc_id"]]
    assert restored.text and restored.text != restored.text_raw  # restoration still ran
