"""Boxes of header fields printed over several lines of one column, the other column read beside them line by line
(Decree 30's two-column letterhead and closing block as OCR reads them): a three-line issuer ('UBND TỈNH …' / 'SỞ
NÔNG NGHIỆP' / 'VÀ MÔI TRƯỜNG', the motto beside its lines), a parent over two lines ('ỦY BAN NHÂN DÂN' / 'THÀNH
PHỐ …'), the 'Nơi nhận' list beside the signature block. Each box covers the value's words on every line and none of
the other column's; before, the issuer's box held one line (or ran down to the body's sentence that names the
issuer again) and the list's box only its first and last items."""

from __future__ import annotations

from extract.header import extract_header
from extract.header_fields import header_field_rows
from extract.provenance import Provenance
from extract.structure import page_lines
from ingest.records import Page, Word

GAP = " " * 10
CHAR_W, LINE_H, RIGHT_X = 20, 60, 1300  # pixels per character and per line; where the right column starts


def _page(rows: list[str]) -> tuple[Page, list[Word]]:
    """A page as OCR gives it: one text line per row (the two columns joined by one space), each word boxed, the
    right column's words (after the gap in ``rows``) from RIGHT_X on."""
    words: list[Word] = []
    lines = []
    for i, row in enumerate(rows):
        left, _, right = row.partition(GAP)
        k = 0
        for part, x0 in ((left, 100), (right, RIGHT_X)):
            x = x0
            for tok in part.split():
                words.append(Word(1, 1, i + 1, k + 1, tok, x, 100 + i * LINE_H, CHAR_W * len(tok), 40, 90.0))
                x += CHAR_W * (len(tok) + 1)
                k += 1
        lines.append(" ".join(row.split()))
    return Page(1, "ocr", "\n".join(lines), words=words, text="\n".join(lines)), words


def _fields(rows: list[str]) -> tuple[dict[str, dict[str, object]], list[Word]]:
    page, words = _page(rows)
    lines = page_lines([(1, page.text or "")])
    meta = extract_header(lines, None)
    fields = ("issuer", "issuer_parent", "doc_number", "distribution", "signer")
    got = header_field_rows("d", meta, fields, lines, Provenance([page], lines), None)
    return {r.field: r.as_dict() for r in got}, words


def _covers(row: dict[str, object], w: Word) -> bool:
    return (row["bbox_x0"] <= w.left and w.left + w.width <= row["bbox_x1"]  # type: ignore[operator]
            and row["bbox_y0"] <= w.top and w.top + w.height <= row["bbox_y1"])  # type: ignore[operator]


HEAD = [f"UBND TỈNH PHÚ THỌ{GAP}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"SỞ NÔNG NGHIỆP{GAP}Độc lập - Tự do - Hạnh phúc",
        "VÀ MÔI TRƯỜNG", f"Số: 2145/SNNMT-TTBVTV{GAP}Phú Thọ, ngày 14 tháng 7 năm 2026",
        "V/v phòng trừ sâu bệnh hại lúa vụ Mùa",
        "Sở Nông nghiệp và Môi trường đề nghị các địa phương chủ động phòng trừ sâu bệnh."]


def test_three_line_issuer_box_holds_its_lines_not_the_motto() -> None:
    got, words = _fields(HEAD)
    issuer = got["issuer"]
    assert issuer["value"] == "Sở Nông nghiệp và Môi trường tỉnh Phú Thọ"
    # its parent's line and both lines of its name, not the body's sentence that names it again (line 6)
    assert (issuer["line_start"], issuer["line_end"]) == (1, 3)
    for w in words:
        if w.line <= 3:
            assert _covers(issuer, w) == (w.left < RIGHT_X), w.text  # the left column's words, not the motto
    assert got["issuer_parent"]["line_start"] == got["issuer_parent"]["line_end"] == 1


def test_parent_over_two_lines_box() -> None:
    rows = [f"ỦY BAN NHÂN DÂN{GAP}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"THÀNH PHỐ HỒ CHÍ MINH{GAP}Độc lập - Tự do - Hạnh phúc", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            f"Số: 1032/QĐ-SKHCN{GAP}Thành phố Hồ Chí Minh, ngày 09 tháng 10 năm 2026"]
    got, words = _fields(rows)
    parent = got["issuer_parent"]
    assert parent["value"] == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    assert (parent["line_start"], parent["line_end"]) == (1, 2)
    for w in words:
        if w.line <= 2:
            assert _covers(parent, w) == (w.left < RIGHT_X), w.text
    assert (got["issuer"]["line_start"], got["issuer"]["line_end"]) == (1, 3)


def test_distribution_box_holds_every_item_not_the_signature() -> None:
    closing = [f"Nơi nhận:{GAP}KT. GIÁM ĐỐC", f"- Như trên;{GAP}PHÓ GIÁM ĐỐC", "- UBND tỉnh (để b/c);",
               "- Các sở: TC, KHCN, CT;", f"- Báo và Phát thanh, Truyền hình Phú Thọ;{GAP}Hà Văn Tuấn",
               "- UBND các xã, phường, đặc khu", f"trên địa bàn tỉnh;{GAP}(Đã ký)", "- Lưu: VT, TTBVTV."]
    got, words = _fields(HEAD + closing)
    dist = got["distribution"]
    assert dist["value"].split("; ")[-2:] == ["UBND các xã, phường, đặc khu trên địa bàn tỉnh", "Lưu: VT, TTBVTV"]
    first = len(HEAD) + 1
    assert (dist["line_start"], dist["line_end"]) == (first + 1, first + len(closing) - 1)
    listed = [w for w in words if w.line > first and w.left < RIGHT_X]
    assert listed and all(_covers(dist, w) for w in listed)  # the longest item in the middle too
    assert not any(_covers(dist, w) for w in words if w.line >= first and w.left >= RIGHT_X)


def test_find_split_runs_over_consecutive_lines_only() -> None:
    page, _ = _page(HEAD)
    lines = page_lines([(1, page.text or "")])
    prov = Provenance([page], lines)
    span = prov.find_split("Sở Nông nghiệp và Môi trường", 0, 4)
    assert span is not None and (span.line_start, span.line_end) == (2, 3)
    assert span.bbox is not None and span.bbox[2] < RIGHT_X
    # the name's two parts with another line between them are not one value printed over two lines
    rows = ["SỞ NÔNG NGHIỆP", "Số: 12/SNNMT-VP", "VÀ MÔI TRƯỜNG"]
    page, _ = _page(rows)
    lines = page_lines([(1, page.text or "")])
    assert Provenance([page], lines).find_split("Sở Nông nghiệp và Môi trường", 0, 3) is None


def test_two_line_issuer_box_takes_its_fullest_form() -> None:
    """'ỦY BAN NHÂN DÂN' / 'TỈNH LÀO CAI' is 'UBND tỉnh Lào Cai': its box holds both lines, not 'tỉnh Lào Cai' alone."""
    rows = [f"ỦY BAN NHÂN DÂN{GAP}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"TỈNH LÀO CAI{GAP}Độc lập - Tự do - Hạnh phúc",
            f"Số: 17/KH-UBND{GAP}Lào Cai, ngày 09 tháng 3 năm 2026"]
    got, words = _fields(rows)
    issuer = got["issuer"]
    assert issuer["value"] == "UBND tỉnh Lào Cai" and (issuer["line_start"], issuer["line_end"]) == (1, 2)
    for w in words:
        if w.line <= 2:
            assert _covers(issuer, w) == (w.left < RIGHT_X), w.text
