"""A figure that is a condition, not a goal: the one owner of that idea for the target readers.

A sentence may hold figures that say when a rule applies or who qualifies rather than a figure to reach:

- a condition's threshold: a bounded figure in a clause a condition word opens ('… khi nhiệt độ ngoài trời dưới
  12 độ C', 'nếu lượng mưa trên 100 mm'; 'condition');
- a per-mille figure ('khi độ mặn vượt 1‰', read by OCR '1%o' or '1%'; a salinity's '%'), no percentage;
- an age or a threshold that says who or what qualifies ('trên 70 tuổi', 'từ 4 người trở lên'; 'condition_figure').

``condition_figure`` answers it for one figure of a parsed sentence (extract.targets.parse_target_text);
``condition_numbers`` gives the numerals of a paragraph's ages and thresholds (the target section reader drops a
paragraph all of whose figures are these)."""

from __future__ import annotations

import re
from typing import Any

from extract.patterns import load_json

_RULES = load_json("targets.json")
_CONDITION = re.compile(_RULES["condition"])
# an age or a threshold that says who or what qualifies ('trên 70 tuổi', 'từ 4 người trở lên'), folded: no goal
CONDITION_FIGURE = re.compile(_RULES["condition_figure"])
# a per-mille sign as OCR reads it, right after its figure: '%o', '%0', '%ø', '%°' (the sign's small circle read as a
# letter or a digit of its own; Vietnamese writes no word after '%' without a space)
_PER_MILLE_READ = re.compile(r"^\d+(?:[.,]\d+)?\s?%[o0ø°](?![^\W\d_])", re.IGNORECASE)
# a salinity the figure is given for ('độ mặn', folded), then at most four words (a place, a comparator: 'ngoài sông
# trên', 'dưới', 'vượt', 'tại cống ở mức') before the figure: salinity is given in ‰ (or g/l), never in %
_SALINITY_BEFORE = re.compile(r"\bdo man(?:\s+[^\s,;:.]+){0,4}\s*$")
# 'vượt' ('vượt quá') before a figure in a clause a condition word opens ('khi độ mặn vượt 1‰'): a threshold
_EXCEED_BEFORE = re.compile(r"\bvuot(?:\s+qua)?\s*$")


def condition_figure(text: str, doc: Any, toks: list[tuple[str, int, int]], ftext: str, start: int, *,
                     percent: bool, bounded: bool) -> bool:
    """Whether the figure at token ``start`` of a sentence (``text``, its folded ``doc``, the tokens' offsets ``toks``
    and the folded text ``ftext``) is a condition, no figure to reach: a ``bounded`` figure (a comparator right before
    it) that is a condition's threshold; or a ``percent`` that is a per-mille figure (_per_mille)."""
    return bounded and _threshold(text, doc, toks, ftext, start) or percent and _per_mille(text, doc, toks, ftext, start)


def condition_numbers(ftext: str) -> list[str]:
    """The numerals of the ages and thresholds that say who or what qualifies in a folded paragraph ('- Người dân trên
    70 tuổi có bệnh nền;' -> ['70'], '- Hộ gia đình có từ 4 người trở lên …' -> ['4']); none for a goal's figure."""
    return [n for m in CONDITION_FIGURE.finditer(ftext) for n in re.findall(r"\d+(?:[.,]\d+)?", m.group())]


def _per_mille(text: str, doc: Any, toks: list[tuple[str, int, int]], ftext: str, start: int) -> bool:
    """Whether the percentage at token ``start`` is a per-mille figure OCR misread or a condition's threshold
    ('khi độ mặn vượt 1‰' read 'vượt 1%o' or 'vượt 1%'): its sign followed at once by the per-mille's circle read as
    'o', '0', 'ø' or '°'; or the figure given for a salinity ('độ mặn', at most four words before it: salinity is in
    per mille, a '%' there is the sign OCR cut); or a figure after 'vượt' in a clause that opens on a condition word
    ('khi', 'nếu'), as a comparator's threshold is (_threshold)."""
    if _PER_MILLE_READ.match(text[toks[start][1] : toks[start][1] + 16]):
        return True
    before = ftext[max(0, toks[start][1] - 60) : toks[start][1]]
    if _SALINITY_BEFORE.search(before):
        return True
    return bool(_EXCEED_BEFORE.search(before)) and _threshold(text, doc, toks, ftext, start)


def _threshold(text: str, doc: Any, toks: list[tuple[str, int, int]], ftext: str, start: int) -> bool:
    """Whether the bounded figure at token ``start`` is a condition's threshold ('… khi nhiệt độ ngoài trời dưới 12 độ
    C', 'nếu lượng mưa trên 100 mm'; not a baseline's 'khi tỷ lệ … là 12,5%'): a 'condition' word ('khi', 'nếu')
    earlier in its clause (after the last comma, ';', ':' or full stop; a stop before a lower-case word is OCR's,
    'khi nhiệt.' / 'độ dưới 10 độ C'), not a time's 'sau khi', 'trước khi', 'từ khi'."""
    lo = max([i + 1 for i in range(start) if doc[i].text in (",", ";", ":")
              or doc[i].text == "." and not text[toks[i + 1][1] : toks[i + 1][2]].islower()], default=0)
    return lo < start and bool(_CONDITION.search(ftext[toks[lo][1] : toks[start][1]]))
