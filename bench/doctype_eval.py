"""Extraction on documents of every Decree 30/2020/NĐ-CP type (công văn, quyết định, kế hoạch of other layouts,
báo cáo, thông báo, tờ trình, chỉ thị, nghị quyết) against the hand-made gold in tests/gold/doctypes*.json.

    python bench/doctype_eval.py [--no-scan] [--only cv01,qd04] [--set dev|heldout|all]

The documents in tests/data/doctypes/ were written for this project. The extractor was developed on most of them:
they are the DEVELOPMENT set, whose figures are not held-out. Those whose gold says "heldout": true (other
provinces and layouts: a thông báo with a task table, a quyết định with an appendix table of merged cells, a báo
cáo with figures by year, a ministry's công văn) were written after it and never tuned on: every table is printed
for the two sets apart.

Each document goes through the real pipeline (vnplan.pipeline.run: ingest, restoration, extraction, Parquet) and
its rows are read back through vnplan.store.Store.read, three times: from the .txt file; from a scan rendered from
it (devkit.synth, 'light' degradation, 300 dpi) and OCR'd with Tesseract; and from the same scan with the header
set in two columns side by side as Decree 30 lays it out (which Tesseract reads interleaved, line by line).

Header fields: P = right values / values given, R = right values / values the gold has (a null the gold also has
is right and counts in neither). A list field (recipients, distribution) is right only when every item is: one
filing code OCR garbled ('Lưu: VT, KSTT' read 'Lưu: VT, Rsil1') zeroes the whole list. The list fields are
therefore also scored per item (P = right items / items given, R = right items / items the gold has; items paired
one to one on the same folded text), which counts the other items of that list as the right readings they are. Tasks are aligned one-to-one by text (gold text a prefix, rapidfuzz >= 85 on
folded text); a task counts for the table when its text, lead agencies (canonical names) and deadline phrase are
all right (a deadline OCR garbled a little, 'Quý 1/2026' for 'Quý I/2026', 'Hằngnăm', is right when it parses to
the same date, recurrence and quarter). Targets count when value, unit and year are right.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import logging
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devkit import doctype_gold, synth  # noqa: E402
from devkit.provcheck import Score, locate, page_words, pair_rows  # noqa: E402
from extract.boxes import restored_words  # noqa: E402
from extract.deadlines import parse_deadline  # noqa: E402
from normalize.text import fold, nfc  # noqa: E402
from vnplan import pipeline  # noqa: E402
from vnplan.store import Store  # noqa: E402

DOCS = ROOT / "tests" / "data" / "doctypes"
# document order of the gold files: a document's scan seed, whatever subset is run


def scan_seed(name: str) -> int:
    """The degradation seed of a document's rendered scan, from its name alone: --only, --set and batches added later
    render the same scans (the seed was the document's place in the whole set, so every new gold file re-rolled the
    noise of the documents loaded after it, held-out ones included, and before/after runs across a merge differed by
    scan noise as well as by code)."""
    return zlib.crc32(name.encode("utf-8")) % 1_000_000
TEXT_MATCH = 85.0
HEADER_FIELDS = ("doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "issue_date", "subject",
                 "recipients", "distribution", "signer", "signer_authority", "signer_title")

log = logging.getLogger("doctype_eval")


def norm(s: Any) -> str:
    return re.sub(r"[^a-z0-9%/]+", " ", fold(nfc(str(s or "")))).strip()


def same(gold: Any, pred: Any) -> bool:
    if isinstance(gold, list) or isinstance(pred, list):
        return [norm(x) for x in gold or []] == [norm(x) for x in pred or []]
    if isinstance(pred, (dt.date, dt.datetime)):
        pred = pred.isoformat()
    return norm(gold) == norm(pred)


LIST_FIELDS = ("recipients", "distribution")


def item_counts(gold: list[str] | None, pred: list[str] | None) -> list[int]:
    """[right items, items given, items in gold] of one list field; items are paired one to one on folded text."""
    left = [norm(x) for x in gold or []]
    right = 0
    for x in pred or []:
        if norm(x) in left:
            left.remove(norm(x))
            right += 1
    return [right, len(pred or []), len(gold or [])]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


GAP = "          "  # the development texts write an interleaved header line as 'left<10 spaces>right'


def split_header(text: str) -> tuple[list[str], list[str], str]:
    """(left column lines, right column lines, rest) of a development text's header, either layout."""
    lines = text.split("\n")
    end = next(i for i, ln in enumerate(lines) if re.search(r", ngày .* năm", ln)) + 1
    left: list[str] = []
    right: list[str] = []
    for ln in lines[:end]:
        if GAP in ln:
            a, b = ln.split(GAP, 1)
            left.append(a.strip())
            right.append(b.strip())
        elif ln.strip().startswith(("CỘNG HÒA", "Độc lập")) or re.search(r", ngày .* năm", ln):
            right.append(ln.strip())
        elif ln.strip() or left:
            left.append(ln.strip())
    rest = lines[end:]
    # a 'V/v' line under the number belongs to the left column too
    while rest and (rest[0].strip().startswith("V/v") or (left and left[-1].startswith("V/v") and rest[0].strip()
                                                            and not rest[0].strip().isupper())):
        left.append(rest.pop(0).strip())
    return [x for x in left if x], [x for x in right if x], "\n".join(rest)


def two_column_pages(text: str, seed: int) -> list[Any]:
    """The document as a scanner sees it: the header in two columns side by side (issuer, number and 'V/v' on
    the left; motto and date on the right, as Decree 30 lays it out), the body below; light degradation."""
    from PIL import Image, ImageDraw, ImageFont

    left, right, rest = split_header(text)
    body = synth.layout_pages(rest)
    width = body[0].size[0]
    size = round(12 / 72 * 300)
    font = ImageFont.truetype(synth.font_path("regular"), size)
    bold = ImageFont.truetype(synth.font_path("bold"), size)
    line_h = round(size * 1.35)
    top = round(20 / 25.4 * 300)
    height = top + line_h * (max(len(left), len(right)) + 1)
    head = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(head)
    def wrap(lines: list[str]) -> list[str]:
        out: list[str] = []
        for ln in lines:
            cur = ""
            for word in ln.split():
                if cur and draw.textlength(f"{cur} {word}", font=font) > 0.42 * width:
                    out.append(cur)
                    cur = word
                else:
                    cur = f"{cur} {word}".strip()
            out.append(cur)
        return out

    left, right = wrap(left), wrap(right)
    height = top + line_h * (max(len(left), len(right)) + 1)
    head = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(head)
    for col, centre in ((left, 0.27 * width), (right, 0.68 * width)):
        for k, ln in enumerate(col):
            f = bold if ln.isupper() and draw.textlength(ln, font=bold) < 0.44 * width else font
            w = draw.textlength(ln, font=f)
            draw.text((centre - w / 2, top + k * line_h), ln, fill=0, font=f)
    first = body[0]
    # the body page's own top margin is dropped below the header
    page = Image.new("L", (width, height + first.size[1] - top), 255)
    page.paste(head, (0, 0))
    page.paste(first.crop((0, top, width, first.size[1])), (0, height))
    return [synth.degrade_page(pg, "light", seed * 1000 + i) for i, pg in enumerate([page, *body[1:]])]


def run_pipeline(paths: list[Path], out: Path) -> dict[str, dict[str, Any]]:
    """Rows per input stem, read back from the store: header, tasks with lead names, targets."""
    pipeline.run(paths, out, pipeline.Options(progress=False, force=True, workers=2))
    store = Store(out)
    docs = store.read("documents").to_pylist()
    tasks = store.read("tasks").to_pylist()
    links = store.read("task_agencies").to_pylist()
    # each document's own name for an agency (the merged registry keeps one spelling of an agency_id that two
    # documents spell otherwise: 'Vụ Kế hoạch, Tài chính' / 'Vụ Kế hoạch - Tài chính')
    names = {(a["doc_id"], a["agency_id"]): a["name"] for a in store.read_stored("agencies").to_pylist()}
    targets = store.read("targets").to_pylist()
    fields = store.read("header_fields").to_pylist()
    words = store.read("words").to_pylist()
    texts = {(p["doc_id"], p["page_no"]): p["text"] for p in store.read("pages").to_pylist()}
    out_rows: dict[str, dict[str, Any]] = {}
    for d in docs:
        leads: dict[str, list[str]] = {}
        for x in links:
            if x["doc_id"] == d["doc_id"] and x["role"] == "lead":
                leads.setdefault(x["task_id"], []).append(names[(d["doc_id"], x["agency_id"])])
        out_rows[Path(d["file_name"]).stem] = {
            "header": d,
            "tasks": [dict(t, lead=leads.get(t["task_id"], [])) for t in tasks if t["doc_id"] == d["doc_id"]],
            "targets": [t for t in targets if t["doc_id"] == d["doc_id"]],
            "header_fields": {f["field"]: f for f in fields if f["doc_id"] == d["doc_id"]},
            # the page's words with their restored spelling, for provenance accuracy (none for .txt)
            "words": {n: restored_words(ws, texts.get((d["doc_id"], n)))
                      for n, ws in page_words(w for w in words if w["doc_id"] == d["doc_id"]).items()},
        }
    return out_rows


def _gold_text(field: str, value: Any) -> str:
    """A gold header value as the page prints it: lists in order, a date as 'ngày D tháng M năm Y', an issuer
    in the letterhead's long form ('ỦY BAN NHÂN DÂN / XÃ HÒA VANG' for 'UBND xã Hòa Vang')."""
    if isinstance(value, list):
        return " ".join(value)
    if field == "issue_date":
        d = dt.date.fromisoformat(value)
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    return str(value)


def _printed_form(field: str, value: str, words: list[Any]) -> str:
    """An issuer as the letterhead prints it: its short ('UBND tỉnh Lâm Đồng') or long form ('ỦY BAN NHÂN DÂN /
    XÃ HÒA VANG'), whichever the page's words hold first."""
    if field not in ("issuer", "issuer_parent"):
        return value
    forms = [value, value.replace("UBND", "Ủy ban nhân dân").replace("HĐND", "Hội đồng nhân dân"),
             value.replace("Ủy ban nhân dân", "UBND").replace("Hội đồng nhân dân", "HĐND")]
    at = {id(w): i for i, w in enumerate(words)}
    found = [(min(at[id(w)] for w in ws), f) for f in dict.fromkeys(forms) if (ws := locate(f, words))]
    return min(found)[1] if found else value


# Fields of the letterhead: their words are looked for in the top quarter of the first page only (a body
# sentence that names the city again is not where the field was read).
_LETTERHEAD = ("doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "issue_date")


def provenance(gold: dict[str, Any], rows: dict[str, dict[str, Any]]) -> tuple[Score, Score]:
    """Provenance accuracy (devkit.provcheck) of header fields and tasks on documents read with word boxes."""
    head, tasks = Score(), Score()
    for name, g in gold.items():
        pred = rows.get(name)
        if not pred or not pred["words"]:
            continue
        first = pred["words"].get(1, [])
        bottom = max((w.top + w.height for w in first), default=0)
        top = {1: [w for w in first if w.top + w.height / 2 <= 0.25 * bottom]}
        for f in HEADER_FIELDS:
            row = pred["header_fields"].get(f)
            if f == "doc_type" and g["header"][f] == "CÔNG VĂN":
                continue  # not printed: Decree 30's letter is known by its 'V/v' line and no type word
            if g["header"].get(f) and row is not None:
                # the place is the one on the date's line (a date left blank for a hand, 'ngày   tháng 7 năm 2026':
                # its words alone); the signature block is the last one
                date = g["header"].get("issue_date")
                text = _printed_form(f, _gold_text(f, g["header"][f]), top[1])
                head.add(f"{name} {f}", [text], row, top if f in _LETTERHEAD else pred["words"],
                         last=f in ("signer", "signer_authority", "signer_title"),
                         anchor=(_gold_text("issue_date", date) if date else "ngày tháng năm") if f == "issue_place"
                         else None)
        for gi, pi in align_tasks(g["tasks"], pred["tasks"]):
            gt = g["tasks"][gi]
            tasks.add(f"{name} task", [gt["text"], *gt["lead"], gt["deadline"] or ""], pred["tasks"][pi], pred["words"],
                      prose=True)
    return head, tasks


def eval_header(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, list[int]]:
    """field -> [right, given, in gold]."""
    out: dict[str, list[int]] = {}
    for f in HEADER_FIELDS:
        g, p = gold.get(f), pred.get(f)
        given = p is not None and p != []
        ok = given and g is not None and same(g, p)
        out[f] = [int(ok), int(given), int(g is not None)]
    return out


def align_tasks(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return pair_rows([g["text"] for g in gold], pred, TEXT_MATCH, norm=norm)


def same_deadline(gold: str | None, pred: str | None) -> bool:
    """The phrase OCR garbled a little ('Quý 1/2026' for 'Quý I/2026') still means the same deadline."""
    if not gold or not pred:
        return False
    g, p = parse_deadline(gold), parse_deadline(pred)
    return g.recurrence is not None and (g.date, g.recurrence, g.quarter) == (p.date, p.recurrence, p.quarter)


def eval_tasks(gold: list[dict[str, Any]], pred: list[dict[str, Any]], misses: list[str], name: str) -> dict[str, int]:
    c = {"gold": len(gold), "pred": len(pred), "text": 0, "lead": 0, "deadline": 0, "table": 0}
    pairs = align_tasks(gold, pred)
    found = {gi for gi, _ in pairs}
    misses += [f"{name} task not found: {g['text'][:50]!r}" for gi, g in enumerate(gold) if gi not in found]
    used = {pi for _, pi in pairs}
    misses += [f"{name} task extra: {p['text'][:50]!r}" for pi, p in enumerate(pred) if pi not in used]
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        lead_ok = sorted(norm(x) for x in g["lead"]) == sorted(norm(x) for x in p["lead"])
        dl_ok = norm(g["deadline"]) == norm(p["deadline_text"]) or same_deadline(g["deadline"], p["deadline_text"])
        c["text"] += 1
        c["lead"] += lead_ok
        c["deadline"] += dl_ok
        c["table"] += lead_ok and dl_ok
        if not (lead_ok and dl_ok):
            misses.append(f"{name} task {g['text'][:40]!r}: lead {p['lead']} deadline {p['deadline_text']!r}")
    return c


def eval_targets(gold: list[dict[str, Any]], pred: list[dict[str, Any]], misses: list[str], name: str) -> dict[str, int]:
    c = {"gold": len(gold), "pred": len(pred), "value": 0, "year": 0, "table": 0}
    used: set[int] = set()
    for g in gold:
        cands = [i for i, p in enumerate(pred) if i not in used and p["value"] == g["value"] and p["unit"] == g["unit"]]
        best = next((i for i in cands if pred[i]["target_year"] == g["year"]), cands[0] if cands else None)
        if best is None:
            misses.append(f"{name} target {g['value']}{g['unit']} {g['year']}: not found")
            continue
        used.add(best)
        c["value"] += 1
        year_ok = pred[best]["target_year"] == g["year"]
        c["year"] += year_ok
        c["table"] += year_ok
        if not year_ok:
            misses.append(f"{name} target {g['value']}{g['unit']} {g['year']}: year {pred[best]['target_year']}")
    for i, p in enumerate(pred):
        if i not in used:
            misses.append(f"{name} target extra: {p['value']}{p['unit']} {p['target_year']} {p['text'][:50]!r}")
    return c


def report(label: str, gold: dict[str, Any], rows: dict[str, dict[str, Any]]) -> dict[str, float] | None:
    header: dict[str, list[int]] = {f: [0, 0, 0] for f in HEADER_FIELDS}
    items: dict[str, list[int]] = {f: [0, 0, 0] for f in LIST_FIELDS}
    tasks = {"gold": 0, "pred": 0, "text": 0, "lead": 0, "deadline": 0, "table": 0}
    targets = {"gold": 0, "pred": 0, "value": 0, "year": 0, "table": 0}
    misses: list[str] = []
    if not gold:
        return None
    for name, g in gold.items():
        pred = rows.get(name, {"header": {}, "tasks": [], "targets": []})
        for f, (ok, given, want) in eval_header(g["header"], pred["header"]).items():
            header[f][0] += ok
            header[f][1] += given
            header[f][2] += want
            if want and not ok or given and not want:
                misses.append(f"{name} {f}: got {pred['header'].get(f)!r}, want {g['header'].get(f)!r}")
        for f in LIST_FIELDS:
            for k, v in enumerate(item_counts(g["header"].get(f), pred["header"].get(f))):
                items[f][k] += v
        for k, v in eval_tasks(g["tasks"], pred["tasks"], misses, name).items():
            tasks[k] += v
        for k, v in eval_targets(g["targets"], pred["targets"], misses, name).items():
            targets[k] += v
    print(f"\n== {label}: {len(gold)} documents")
    print("  header field                P      R      F1")
    f1s = []
    for f, (ok, given, want) in header.items():
        p, r, f1 = prf(ok, given, want)
        f1s.append(f1)
        print(f"  {f:<24} {p:6.3f} {r:6.3f} {f1:6.3f}   ({ok}/{given} given, {want} in gold)")
    print(f"  {'header, all fields':<24} {'':>13} {sum(f1s) / len(f1s):6.3f}   (mean F1)")
    item_f1 = dict(zip(HEADER_FIELDS, f1s, strict=True))
    for f, (ok, given, want) in items.items():
        p, r, item_f1[f] = prf(ok, given, want)
        print(f"  {f + ', per item':<24} {p:6.3f} {r:6.3f} {item_f1[f]:6.3f}   ({ok}/{given} items given, {want} in gold)")
    print(f"  {'header, lists per item':<24} {'':>13} {sum(item_f1.values()) / len(item_f1):6.3f}   (mean F1; "
          f"lowest {min(item_f1.values()):.3f}, {min(item_f1, key=item_f1.__getitem__)})")
    print(f"  tasks: gold {tasks['gold']}, predicted {tasks['pred']}")
    for k in ("table", "text", "lead", "deadline"):
        p, r, f1 = prf(tasks[k], tasks["pred"], tasks["gold"])
        print(f"    {'TABLE (text+lead+deadline)' if k == 'table' else k:<26} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print(f"  targets: gold {targets['gold']}, predicted {targets['pred']}")
    for k in ("table", "value", "year"):
        p, r, f1 = prf(targets[k], targets["pred"], targets["gold"])
        print(f"    {'TABLE (value+unit+year)' if k == 'table' else k:<26} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    head, task_prov = provenance(gold, rows)
    if head.rows or task_prov.rows:
        print("  " + head.line("header fields"))
        print("  " + task_prov.line("tasks"))
        misses += [f"provenance {m}" for m in head.misses + task_prov.misses]
    if misses:
        print("  misses:")
        for m in misses:
            print("   -", m)
    return {
        "header_min_f1": min(f1s),
        "header_min_f1_items": min(item_f1.values()),
        "tasks_f1": prf(tasks["table"], tasks["pred"], tasks["gold"])[2],
        "targets_f1": prf(targets["table"], targets["pred"], targets["gold"])[2],
    }


SETS = {"dev": "DEVELOPMENT set (tuned on, NOT held-out)", "heldout": "HELD-OUT set (never tuned on)"}


def report_sets(label: str, gold: dict[str, Any], rows: dict[str, dict[str, Any]],
                summary: dict[str, dict[str, float]], mode: str) -> None:
    """The same rows scored on the development and the held-out documents apart."""
    for key, name in SETS.items():
        part = doctype_gold.split(gold, key == "heldout")
        scores = report(f"{label}, {name}", part, rows)
        if scores is not None:
            summary[f"{mode} [{key}]"] = scores
        if key == "heldout":
            # each held-out round apart (in the summary only), so a round that has guided work is told from the blind
            # one; rounds 1-3 (the first, unnumbered documents among them) have always been scored together
            rounds = sorted({_round(g) for g in part.values()}, key=lambda r: int(r.split()[-1].split("-")[0]))
            for rnd in rounds if len(rounds) > 1 else []:
                with contextlib.redirect_stdout(io.StringIO()):
                    scores = report(label, {k: g for k, g in part.items() if _round(g) == rnd}, rows)
                if scores is not None:
                    summary[f"{mode} [heldout {rnd}]"] = scores


def _round(g: dict[str, Any]) -> str:
    r = g.get("round") or 1
    return "rounds 1-3" if r <= 3 else f"round {r}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-scan", action="store_true", help="text inputs only (no rendering, no OCR)")
    ap.add_argument("--only", default="", help="comma-separated name prefixes")
    ap.add_argument("--set", choices=("all", "dev", "heldout"), default="all", help="which documents to score")
    ap.add_argument("--keep", default="", help="keep the rendered PDFs and the output tables in this folder")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    gold: dict[str, Any] = doctype_gold.load()
    if args.only:
        gold = {k: v for k, v in gold.items() if any(k.startswith(p) for p in args.only.split(","))}
    if args.set != "all":
        gold = doctype_gold.split(gold, args.set == "heldout")
    texts = [DOCS / f"{name}.txt" for name in gold]
    for key, name in SETS.items():
        part = list(doctype_gold.split(gold, key == "heldout").values())
        print(f"{name}: {len(part)} documents, {len({g['header']['doc_type'] for g in part})} types")
    summary: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = args.keep or tmp_dir
        t0 = time.perf_counter()
        report_sets("from text (.txt through the pipeline)", gold, run_pipeline(texts, Path(tmp) / "text"),
                    summary, "text")
        print(f"  ({time.perf_counter() - t0:.1f} s)")
        if not args.no_scan:
            t0 = time.perf_counter()
            pdfs = []
            for path in texts:
                seed = scan_seed(path.stem)
                pages = synth.render_pages(path.read_text(encoding="utf-8"), degrade="light", seed=seed)
                pdfs.append(synth.save_pdf(pages, Path(tmp) / "pdf" / f"{path.stem}.pdf"))
            report_sets("from rendered scans (light degradation, OCR'd)", gold, run_pipeline(pdfs, Path(tmp) / "scan"),
                        summary, "scan")
            print(f"  ({time.perf_counter() - t0:.1f} s, {len(pdfs)} PDFs)")
            t0 = time.perf_counter()
            pdfs = [synth.save_pdf(two_column_pages(path.read_text(encoding="utf-8"), scan_seed(path.stem)),
                                   Path(tmp) / "pdf2" / f"{path.stem}.pdf") for path in texts]
            report_sets("from rendered scans with the header in two columns (light degradation, OCR'd)", gold,
                        run_pipeline(pdfs, Path(tmp) / "scan2"), summary, "scan, 2-col header")
            print(f"  ({time.perf_counter() - t0:.1f} s, {len(pdfs)} PDFs)")
    print("\nsummary:")
    for mode, s in summary.items():
        print(f"  {mode:<34} header min F1={s['header_min_f1']:.3f} (lists per item "
              f"{s['header_min_f1_items']:.3f}), tasks F1={s['tasks_f1']:.3f}, "
              f"targets F1={s['targets_f1']:.3f}")


if __name__ == "__main__":
    main()
