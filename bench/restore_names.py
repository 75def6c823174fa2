"""How often restoration rewrites text that names something: capitalised words mid-sentence and codes.

    python bench/restore_names.py [--sets txt,laws,scan] [--scan-docs 40] [--show 20]

Sets (none of them is text the model was built from, none is ../shared/seeds or ../shared/real):

* ``txt``: the development documents of tests/data/doctypes (typed with their marks; the gold's held-out ones and
  the hn*/ho* files left out), restored page by page as the pipeline restores a .txt (ingest.textfile's pages);
* ``laws``: the whole held-out law files of the corpus (every 10th file, devkit.build_model.split_corpus);
* ``scan``: the first page of each of the first ``--scan-docs`` development documents rendered as a light scan
  (devkit.synth, the seed bench/doctype_eval.py gives the document) and OCR'd with Tesseract ``vie`` (cached under
  build/rname/), restored with ``ocr=True`` as the pipeline restores the pages it OCR'd.

Counted, per set: word tokens restoration changed; of them, capitalised words mid-sentence (a capital with text
before it on its line that does not end in sentence punctuation or a bullet, or a word of two or more capitals);
and code tokens (slash / hyphen compounds such as ``12/HD-UBND``, words in capitals of at most 6 plain letters,
any token of a ``Số: …`` or ``Lưu: …`` line). On
the typed sets every change of such a token rewrites correct text. On the scans, a change counts as a rewrite of
right text when OCR's token is a token of the source document and the restored one is none, and as a repair
when the reverse holds (all words, to show that repairs stay).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from devkit import doctype_gold, synth  # noqa: E402
from devkit.build_model import DEFAULT_CORPUS, read_text, split_corpus  # noqa: E402
from normalize import restore_text  # noqa: E402
from normalize.result import TokenRecord  # noqa: E402
from normalize.text import to_nfc  # noqa: E402

log = logging.getLogger("restore_names")

DOCS = REPO / "tests" / "data" / "doctypes"
CACHE = REPO / "build" / "rname"
_CODE_LINE = re.compile(r"^\s*(?:Số|Lưu)\s*:", re.I)
_CAPS_CODE = re.compile(r"^[A-Z]{1,6}$")


def dev_docs() -> list[Path]:
    """Development documents: not hn*/ho*, not marked held-out in the gold."""
    gold = doctype_gold.load()
    held = set(doctype_gold.split(gold, True))
    return sorted(p for p in DOCS.glob("*.txt") if not p.name.startswith(("hn", "ho")) and p.stem not in held)


def categories(text: str, toks: list[TokenRecord], i: int) -> set[str]:
    """Which counted kinds token ``i`` is: 'cap' (a capital mid-sentence, or a word in capitals), 'code'."""
    t = toks[i]
    out: set[str] = set()
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.start)
    if t.kind == "code" or _CODE_LINE.match(text[line_start:line_end if line_end >= 0 else len(text)]):
        out.add("code")
    if t.kind == "word" and _CAPS_CODE.match(t.raw):
        out.add("code")
    if t.kind == "word" and t.raw[:1].isupper():
        # mid-sentence: something before it on its line, and not sentence punctuation ('Hoàn Kiếm, Ba Đình')
        before = text[line_start:t.start].rstrip()
        if (before and before[-1] not in ".:;!?-–•*") or (len(t.raw) >= 2 and t.raw.isupper()):
            out.add("cap")
    return out


def count_typed(texts: list[str], ocr: bool = False) -> tuple[Counter, list[tuple[str, str, str]]]:
    n: Counter = Counter()
    examples: list[tuple[str, str, str]] = []
    for t in texts:
        t = to_nfc(t)
        res = restore_text(t, ocr=ocr)
        toks = res.tokens
        for i, tok in enumerate(toks):
            if tok.kind not in ("word", "code"):
                continue
            cats = categories(t, toks, i)
            n["words"] += tok.kind == "word"
            for c in cats:
                n[f"{c} tokens"] += 1
            if tok.restored == tok.raw:
                continue
            n["changed"] += 1
            for c in cats:
                n[f"{c} changed"] += 1
                examples.append((c, tok.raw, tok.restored))
    return n, examples


def scan_texts(docs: list[Path]) -> list[tuple[str, str]]:
    """(source text, vie OCR of its first page rendered as a light scan), OCR cached under build/rname/."""
    from ingest.ocr import ocr_image, single_threaded

    single_threaded()
    names = list(doctype_gold.load())
    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    for p in docs:
        src = p.read_text(encoding="utf-8")
        f = CACHE / f"{p.stem}.vie.json"
        if f.exists():
            ocr = json.loads(f.read_text(encoding="utf-8"))["text"]
        else:
            seed = names.index(p.stem) if p.stem in names else 0
            page = synth.render_pages(src, degrade="light", seed=seed)[0]
            ocr = ocr_image(page, lang="vie").text
            f.write_text(json.dumps({"text": ocr}, ensure_ascii=False), encoding="utf-8")
            log.info("OCR'd %s", p.stem)
        out.append((to_nfc(src), ocr))
    return out


_WORDS = re.compile(r"[^\W_]+(?:[/\-][^\W_]+)*")


def count_scans(pairs: list[tuple[str, str]]) -> tuple[Counter, list[tuple[str, str, str]]]:
    n: Counter = Counter()
    examples: list[tuple[str, str, str]] = []
    for src, ocr in pairs:
        vocab = set(_WORDS.findall(src))
        res = restore_text(ocr, ocr=True)
        toks = res.tokens
        for i, tok in enumerate(toks):
            if tok.kind not in ("word", "code"):
                continue
            n["words"] += tok.kind == "word"
            cats = categories(to_nfc(ocr), toks, i)
            if tok.restored == tok.raw:
                continue
            n["changed"] += 1
            right_raw = tok.raw in vocab
            right_new = all(w in vocab for w in _WORDS.findall(tok.restored))
            if right_raw and not right_new:
                n["right text rewritten"] += 1
                for c in cats:
                    n[f"{c} right text rewritten"] += 1
                    examples.append((c, tok.raw, tok.restored))
                if not cats:
                    examples.append(("other", tok.raw, tok.restored))
            elif right_new and not right_raw:
                n["repaired"] += 1
    return n, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="txt,laws,scan")
    ap.add_argument("--scan-docs", type=int, default=40)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    want = set(args.sets.split(","))
    docs = dev_docs()
    results = {}
    if "txt" in want:
        from ingest.textfile import read_text_pages

        pages = [pg.text_raw for p in docs for pg in read_text_pages(p)]
        results[f"txt: {len(docs)} development documents, {len(pages)} pages"] = count_typed(pages)
    if "laws" in want:
        _, held = split_corpus(DEFAULT_CORPUS)
        results[f"laws: {len(held)} whole held-out law files"] = count_typed([read_text(f) for f in held])
    if "scan" in want:
        pairs = scan_texts(docs[:args.scan_docs])
        results[f"scan: first pages of {len(pairs)} development documents, vie"] = count_scans(pairs)
    for name, (n, ex) in results.items():
        print(name)
        print("   " + ", ".join(f"{k} {v}" for k, v in sorted(n.items())))
        for c, raw, new in ex[:args.show]:
            print(f"     {c:5} {raw!r} -> {new!r}")


if __name__ == "__main__":
    main()
