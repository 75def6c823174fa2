"""A document's number on a scan whose 'Số:' OCR marred: the ':' read ';' or '.' or lost, a speck before the number,
the slash lost before a code with its dash. Before, the number was null; a number OCR garbled inside its digits
('9&6') is still not guessed, and a line of no number stays null."""

from __future__ import annotations

import pytest

from extract.header import extract_header
from extract.structure import page_lines

HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "", "{n}", "V/v tăng cường quản lý đất đai", "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "", "Hà Tĩnh, ngày 05 tháng 3 năm 2026", "",
        "Kính gửi: Sở Nông nghiệp và Môi trường", "", "Sở Nông nghiệp và Môi trường rà soát hồ sơ đất đai."]


def _number(line: str) -> str | None:
    text = "\n".join(x.format(n=line) for x in HEAD)
    return extract_header(page_lines([(1, text)]), None)["doc_number"]


@pytest.mark.parametrize(("line", "number"), [
    ("Số: 986/UBND-NNMT", "986/UBND-NNMT"),
    ("Số 986/UBND-NNMT", "986/UBND-NNMT"),
    ("Số; 986/UBND-NNMT", "986/UBND-NNMT"),
    ("Số. 986/UBND-NNMT", "986/UBND-NNMT"),
    ("Số: _986/UBND-NNMT", "986/UBND-NNMT"),
    ("Số: 986 UBND-NNMT", "986/UBND-NNMT"),
    ("Số: 215UBND-VHXH", "215/UBND-VHXH"),
    ("Số: 215lUBND-VHXH", None),
    ("Số: 215UBND", None),
    ("Số 45/2026/QĐ-UBND", "45/2026/QĐ-UBND"),
    ("Số: 9&6/UBND-NNMT", None),
    ("Số:     /UBND-NNMT", None),
])
def test_marred_number_line(line: str, number: str | None) -> None:
    assert _number(line) == number
