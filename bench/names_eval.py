"""Personal names through restoration: are correct names kept, and stripped / OCR'd names restored or kept?

    python bench/names_eval.py [--sets dev,heldout] [--forms correct,stripped,ocr,vie]

The lines are ``tests/data/names/dev.txt`` (looked at while developing the name rule) and
``tests/data/names/heldout.txt`` (written first and kept aside): signer blocks, members of boards, people in
task text, ethnic-minority names; personal names in ``[brackets]``.  Each set is restored as one document in
four forms:

* ``correct``   the lines as written: every line must come back byte-identical (also restored line by line);
* ``stripped``  diacritics removed;
* ``ocr``       rendered (``devkit.synth``, 300 dpi, medium degradation) and read with Tesseract ``eng``;
* ``vie``       the same pages read with Tesseract ``vie`` (the pipeline's own model).

Name tokens are scored case-sensitively after aligning restored and reference tokens by their diacritics-free
letters (difflib): ``right`` (exact), ``plain`` (the name's letters without marks: honest but not restored),
``kept`` (left as the input had it, e.g. OCR's ``Quyén``), ``wrong`` (another spelling: a name turned into some
other word), ``lost`` (no aligned token: OCR damage the restorer could not undo).  The other syllables are scored as ``bench/restore_eval.py`` does
(lower-cased, difflib), so a name rule that hurt the text around names would show.  OCR is cached under
``build/names_eval/``.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from normalize import restore_text  # noqa: E402
from normalize.text import strip_diacritics, to_nfc  # noqa: E402

DATA = REPO / "tests" / "data" / "names"
CACHE = REPO / "build" / "names_eval"
# a word, with an ethnic-minority name's apostrophe ("K'", "H'Hen"); OCR's curly quotes count as one
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]*)?")
_BRACKET = re.compile(r"\[([^\]]+)\]")

log = logging.getLogger("names_eval")


def load(name: str) -> tuple[str, list[str]]:
    """(text without brackets, its lines' name flags per token): comment lines dropped."""
    lines = [ln for ln in (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return "\n".join(_BRACKET.sub(r"\1", ln) for ln in lines), lines


def ref_tokens(lines: list[str]) -> tuple[list[str], list[bool]]:
    """Reference tokens of the bracketed lines and whether each is part of a personal name."""
    toks: list[str] = []
    is_name: list[bool] = []
    for ln in lines:
        pos = 0
        for m in _BRACKET.finditer(ln):
            before = _TOKEN.findall(ln[pos:m.start()])
            toks += before
            is_name += [False] * len(before)
            inside = _TOKEN.findall(m.group(1))
            toks += inside
            is_name += [True] * len(inside)
            pos = m.end()
        rest = _TOKEN.findall(ln[pos:])
        toks += rest
        is_name += [False] * len(rest)
    return [to_nfc(t).replace("’", "'") for t in toks], is_name


def _key(tok: str) -> str:
    return strip_diacritics(tok).lower().replace("'", "")


@dataclass
class Score:
    names: int = 0
    right: int = 0
    plain: int = 0
    kept: int = 0
    wrong: int = 0
    lost: int = 0
    other: int = 0
    other_right: int = 0
    wrong_examples: list[tuple[str, str]] | None = None

    def line(self) -> str:
        n = max(self.names, 1)
        return (f"names {self.right / n * 100:6.2f}% right ({self.right}/{self.names}), plain {self.plain}, "
                f"kept {self.kept}, wrong {self.wrong}, lost {self.lost}; other syllables "
                f"{self.other_right / max(self.other, 1) * 100:6.2f}% ({self.other})")


def _tokens(text: str) -> list[str]:
    return [to_nfc(t).replace("’", "'") for t in _TOKEN.findall(to_nfc(text))]


def _align(a: list[str], b: list[str]) -> dict[int, int]:
    """Index in ``b`` -> index in ``a`` of the tokens difflib matches by their diacritics-free letters."""
    sm = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    return {blk.b + k: blk.a + k for blk in sm.get_matching_blocks() for k in range(blk.size)}


def score(hyp: str, ref: list[str], is_name: list[bool], raw: str | None = None) -> Score:
    """Name tokens by alignment on diacritics-free keys; other syllables lower-cased (as restore_eval).
    ``raw``: the input, so that a name token left as the input had it (OCR's ``Quyén``) counts as ``kept``."""
    hyp_t = _tokens(hyp)
    s = Score(wrong_examples=[])
    aligned = _align(hyp_t, ref)
    raw_t = _tokens(raw) if raw is not None else []
    raw_at = {j: raw_t[i] for j, i in _align(raw_t, ref).items()}  # the raw token at a reference position
    exact = difflib.SequenceMatcher(None, [t.lower() for t in hyp_t], [t.lower() for t in ref], autojunk=False)
    low_hit = [False] * len(ref)
    for b in exact.get_matching_blocks():
        low_hit[b.b:b.b + b.size] = [True] * b.size
    for j, tok in enumerate(ref):
        if not is_name[j]:
            s.other += 1
            s.other_right += low_hit[j]
            continue
        s.names += 1
        i = aligned.get(j)
        if i is None:
            s.lost += 1
            continue
        got = hyp_t[i]
        if got == tok:
            s.right += 1
        elif got == strip_diacritics(tok) or (got.isascii() and got.lower() == strip_diacritics(tok).lower()):
            s.plain += 1
        elif raw_at.get(j) == got:
            s.kept += 1
        else:
            s.wrong += 1
            s.wrong_examples.append((tok, got))
    return s


def ocr_form(text: str, lang: str) -> str:
    """``text`` rendered with devkit.synth (300 dpi, medium degradation) and read with Tesseract ``lang``."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    h = hashlib.sha1(f"{lang}|{text}".encode()).hexdigest()[:12]
    path = CACHE / f"names_{lang}_{h}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))["ocr"]
    import pytesseract

    from devkit.synth import render_pages

    # one page at a time: ~40 lines a page at 12 pt
    lines = text.split("\n")
    out = []
    for i in range(0, len(lines), 40):
        for page in render_pages("\n".join(lines[i:i + 40]), dpi=300, seed=4000 + i, degrade="medium", font_size=12):
            out.append(pytesseract.image_to_string(page, lang=lang))
    ocr = to_nfc("\n".join(out))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ocr": ocr}, ensure_ascii=False), encoding="utf-8")
    return ocr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="dev,heldout")
    ap.add_argument("--forms", default="correct,stripped,ocr,vie")
    ap.add_argument("--show", action="store_true", help="print the wrong name tokens")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    forms = args.forms.split(",")
    for name in args.sets.split(","):
        text, lines = load(name)
        ref, is_name = ref_tokens(lines)
        print(f"\n{name}: {len(lines)} lines, {sum(is_name)} name tokens, {len(ref) - sum(is_name)} other")
        if "correct" in forms:
            whole = restore_text(text).text
            same = sum(a == b for a, b in zip(whole.split("\n"), text.split("\n"), strict=True))
            per_line = sum(restore_text(ln).text == ln for ln in text.split("\n"))
            s = score(whole, ref, is_name)
            print(f"  {'correct':9} lines byte-identical: whole {same}/{len(lines)}, line by line "
                  f"{per_line}/{len(lines)}; {s.line()}")
            if args.show:
                print("           ", s.wrong_examples)
        for form in ("stripped", "ocr", "vie"):
            if form not in forms:
                continue
            raw = strip_diacritics(text) if form == "stripped" else ocr_form(text, "eng" if form == "ocr" else "vie")
            s_raw = score(raw, ref, is_name)
            s = score(restore_text(raw).text, ref, is_name, raw)
            print(f"  {form:9} raw       {s_raw.line()}")
            print(f"  {form:9} restored  {s.line()}")
            if args.show:
                print("           ", s.wrong_examples)


if __name__ == "__main__":
    main()
