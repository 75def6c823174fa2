"""Lines a scan wraps where the text did not (issue 11, round 4 of reading scans): an item's inline attribute label
('… tại chợ nổi. Đơn vị chủ trì:') whose value OCR set on the next line, capital first ('Hội Liên hiệp Phụ nữ phường;
thời gian: …'), is the same item with its lead and deadline, not a task of its own."""

from __future__ import annotations

from tests.conftest import official_head, task_rows

HEAD = official_head("KẾ HOẠCH", "57/KH-UBND", "Giữ gìn vệ sinh chợ nổi năm 2026", issuer="ỦY BAN NHÂN DÂN\nPHƯỜNG CÁI RĂNG",
                     place="Cái Răng", date="ngày 03 tháng 3 năm 2026")
ITEMS = (
    "I. MỤC ĐÍCH\nGiữ gìn vệ sinh, văn minh thương mại tại chợ nổi.\n\n"
    "II. NHIỆM VỤ CỤ THỂ\n"
    "1. Thu gom rác thải trên sông và các bến tàu du lịch. Chủ trì: Trung tâm Dịch vụ tổng hợp phường; thời gian: "
    "hằng ngày.\n"
    "2. Vận động hội viên tham gia giữ gìn vệ sinh, văn minh thương mại tại chợ nổi. Đơn vị chủ trì:{wrap}"
    "Hội Liên hiệp Phụ nữ phường; thời gian: trong năm 2026.\n"
    "3. Kiểm tra an toàn thực phẩm tại các ghe hàng. Cơ quan chủ trì: Trạm Y tế phường; thời gian:{wrap}"
    "Quý II/2026.\n\n"
    "III. TỔ CHỨC THỰC HIỆN\nPhòng Văn hóa - Xã hội theo dõi việc thực hiện Kế hoạch.\n\n"
    "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn Hải\n")


def test_wrapped_inline_label_keeps_its_value() -> None:
    one_line = task_rows(HEAD + ITEMS.format(wrap=" "))
    wrapped = task_rows(HEAD + ITEMS.format(wrap="\n"))
    assert len(one_line) == 3 and all(t["lead"] and t["deadline"] for t in one_line)
    # the scan's wrapped lines give the very tasks the unbroken lines give: no extra task made of the label's value
    assert wrapped == one_line
