"""Cost of adding one document to the Parquet store, by store size.

    python bench/store_bench.py [--sizes 10,100,1000] [--repeat 5] [--work DIR]

Documents are synthesised (no OCR) with the row counts of a real 8-page scanned plan: 8 pages,
2,800 words with boxes, 25 sections, 15 targets, 60 tasks, 90 task-agency links, 20 agencies, in
Vietnamese text. Stores of each size are built through the real ``Store`` API (without fsync, to
build quickly); then one more document is added the way a run flushes it (``Store.replace_documents``
with fsync, under the lock), ``--repeat`` times, and the median is printed. Beside it:

- the same addition to the store after ``vnplan compact`` (a few part files instead of one file per
  document), and re-running one document that sits in a compacted part (its part is rewritten);
- what a run pays once at its start: ``prepare`` plus reading the ``documents`` table to skip what
  is done;
- the previous layout's flush for comparison: every table read whole, the document's rows replaced,
  and the table rewritten as one file.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from vnplan.pipeline import _done_ids  # noqa: E402
from vnplan.schemas import SCHEMAS, blank_row  # noqa: E402
from vnplan.store import WRITE_ORDER, Store  # noqa: E402

TEXT = (
    "kế hoạch cải cách hành chính năm thực hiện nhiệm vụ ủy ban nhân dân xã phường huyện tỉnh "
    "công chức viên chức thủ tục giải quyết hồ sơ trực tuyến chuyển đổi số đánh giá chỉ số mức độ "
    "hài lòng người dân doanh nghiệp phòng văn hóa thông tin tư pháp hộ tịch kiểm tra tuyên truyền"
)
VOCAB = TEXT.split(" ")
PAGES, WORDS_PER_PAGE, SECTIONS, TARGETS, TASKS, LINKS, AGENCIES = 8, 350, 25, 15, 60, 90, 20


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def document(i: int, rng: random.Random) -> tuple[str, dict[str, list[dict]]]:
    did = f"{i:016x}"
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for p in range(1, PAGES + 1):
        text = words(rng, WORDS_PER_PAGE)
        rows["pages"].append(
            {"doc_id": did, "page_no": p, "method": "ocr", "text_raw": text, "text": text,
             "ocr_confidence": 90.0, "restore_confidence": 0.98, "n_words": WORDS_PER_PAGE}
        )
        for w, word in enumerate(text.split()):
            rows["words"].append(
                {"doc_id": did, "page_no": p, "block": 1 + w // 100, "par": 1, "line": 1 + w // 12, "word": w % 12,
                 "text": word, "box_left": 100 + 60 * (w % 12), "box_top": 100 + 40 * (w // 12), "box_width": 55,
                 "box_height": 30, "confidence": 80 + rng.random() * 20}
            )
    rows["sections"] = [
        {"doc_id": did, "section_id": f"{did}:{s}", "parent_id": None, "label": str(s), "heading": words(rng, 6),
         "page_no": 1 + s % PAGES}
        for s in range(SECTIONS)
    ]
    rows["targets"] = [
        {"target_id": f"{did}:t{t}", "doc_id": did, "section_id": f"{did}:1", "domain": "thủ tục hành chính",
         "indicator": words(rng, 10), "kind": "quantitative", "value": 95.0, "unit": "%", "comparator": ">=",
         "target_year": 2025, "text": words(rng, 25), "page_no": 2, "confidence": 0.9}
        for t in range(TARGETS)
    ]
    rows["tasks"] = [
        {"task_id": f"{did}:k{k}", "doc_id": did, "section_id": f"{did}:2", "source": "appendix", "task_no": str(k),
         "task_group": "Cải cách thể chế", "text": words(rng, 20), "product": words(rng, 5), "deadline_text": "Quý II",
         "recurrence": "annual", "deadline_quarter": 2, "page_no": 5, "confidence": 0.9}
        for k in range(TASKS)
    ]
    jurisdiction = f"xã {rng.choice(VOCAB)} {i}"
    agencies = [f"ag{i}-{a}" for a in range(AGENCIES)]
    rows["agencies"] = [
        {"doc_id": did, "agency_id": a, "name": f"Phòng {words(rng, 2)}", "kind": "phòng",
         "jurisdiction": jurisdiction, "aliases": [words(rng, 3)]}
        for a in agencies
    ]
    rows["task_agencies"] = [
        {"task_id": f"{did}:k{n % TASKS}", "doc_id": did, "agency_id": agencies[n % AGENCIES],
         "role": "lead" if n < TASKS else "support", "mention": words(rng, 3)}
        for n in range(LINKS)
    ]
    rows["documents"] = [
        {"doc_id": did, "source_path": f"data/raw/kh-{i}.pdf", "file_name": f"kh-{i}.pdf", "status": "ok",
         "n_pages": PAGES, "ingested_at": datetime.now(timezone.utc), "pipeline_version": "bench",
         "doc_type": "KẾ HOẠCH", "issuer": f"UBND {jurisdiction}", "period_start": 2025, "period_end": 2025}
    ]
    # the store takes complete rows only: the columns left out above are null on purpose
    return did, {name: [blank_row(name, **r) for r in rs] for name, rs in rows.items()}


def add(store: Store, docs: list[tuple[str, dict[str, list[dict]]]]) -> float:
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for _, r in docs:
        for name, rs in r.items():
            rows[name].extend(rs)
    t0 = time.perf_counter()
    with store.locked():
        store.replace_documents([d for d, _ in docs], rows)
    return time.perf_counter() - t0


def old_layout_flush(folder: Path, doc: tuple[str, dict[str, list[dict]]]) -> float:
    """What the previous store did per flush: every table read whole, filtered, rewritten as one file."""
    did, rows = doc
    t0 = time.perf_counter()
    for name in WRITE_ORDER:
        path = folder / f"{name}.parquet"
        old = pq.read_table(path)
        if name == "agencies":  # a registry merged in memory, no doc_id
            new = pa.Table.from_pylist([{k: v for k, v in r.items() if k != "doc_id"} for r in rows[name]],
                                       schema=SCHEMAS[name])
            table = pa.concat_tables([old, new])
        else:
            keep = old.filter(pc.invert(pc.is_in(old.column("doc_id"), value_set=pa.array([did]))))
            table = pa.concat_tables([keep, pa.Table.from_pylist(rows[name], schema=SCHEMAS[name])])
        tmp = folder / f".{name}.parquet.tmp"
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        tmp.replace(path)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", type=Path, default=None, help="folder for the stores (default: a temp folder)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="vnplan-store-bench-", dir=args.work))
    rng = random.Random(13)
    template = [document(i, rng) for i in range(8)]  # rows are re-keyed per document: building stays quick

    def doc(i: int) -> tuple[str, dict[str, list[dict]]]:
        did, rows = template[i % len(template)]
        new = f"{i:016x}"
        fix = {k: (lambda v: v.replace(did, new)) for k in ("task_id", "target_id", "section_id", "parent_id")}
        out = {}
        for name, rs in rows.items():
            out[name] = [
                {k: (fix[k](v) if k in fix and v else v) for k, v in r.items()} | {"doc_id": new} for r in rs
            ]
        return new, out

    results = []
    try:
        store_dir = work / "store"
        built = 0
        next_id = 10**9
        for n in sizes:
            while built < n:  # grow the store to n documents, 50 at a time, no fsync
                batch = [doc(i) for i in range(built, min(n, built + 50))]
                add(Store(store_dir, durable=False), batch)
                built += len(batch)
            times = []
            for _ in range(args.repeat):
                times.append(add(Store(store_dir), [doc(next_id)]))
                next_id += 1
            t0 = time.perf_counter()
            s = Store(store_dir)
            with s.locked():  # what `vnplan ingest new.pdf` does before any page is read
                s.prepare()
                _done_ids(s, {f"{next_id:016x}": None})
            start = time.perf_counter() - t0
            t0 = time.perf_counter()
            done = Store(store_dir).read("documents").num_rows  # report and export read whole tables
            whole = time.perf_counter() - t0
            # The same store compacted (a copy: the next size grows the uncompacted one).
            comp_dir = work / f"compacted-{n}"
            shutil.copytree(store_dir, comp_dir)
            with Store(comp_dir, durable=False).locked():
                Store(comp_dir, durable=False).compact()
            comp_times, rerun_times = [], []
            for r in range(args.repeat):
                comp_times.append(add(Store(comp_dir), [doc(next_id)]))
                next_id += 1
                rerun_times.append(add(Store(comp_dir), [doc(r * 7 % n)]))  # a document inside a part
            # The previous one-file-per-table layout, same rows.
            old_dir = work / f"old-{n}"
            old_dir.mkdir()
            for name in SCHEMAS:
                pq.write_table(Store(store_dir).read(name), old_dir / f"{name}.parquet", compression="zstd")
            old = old_layout_flush(old_dir, doc(next_id))
            next_id += 1
            shutil.rmtree(comp_dir)
            shutil.rmtree(old_dir)
            results.append((n, done, statistics.median(times), statistics.median(comp_times),
                            statistics.median(rerun_times), start, whole, old))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nStore: time to add 1 document ({PAGES} pages, {PAGES * WORDS_PER_PAGE} words, {TASKS} tasks), "
          f"median of {args.repeat}, with fsync")
    head = (f"{'documents':>9} {'add 1 doc':>10} {'compacted':>10} {'re-run 1':>10} {'run start':>10} "
            f"{'old layout':>11} {'read all':>9}")
    print(head)
    print("-" * len(head))
    for n, done, t, ct, rt, start, whole, old in results:
        print(f"{n:9d} {t * 1000:8.0f}ms {ct * 1000:8.0f}ms {rt * 1000:8.0f}ms {start * 1000:8.0f}ms "
              f"{old * 1000:9.0f}ms {whole * 1000:7.0f}ms   ({done} in store)")
    print(
        "\nadd 1 doc: a new document's files (one per table), as a run writes it. compacted: the same after "
        "`vnplan compact`.\nre-run 1: a document inside a compacted part (the part holding it is rewritten). "
        "run start: lock, prepare and\nthe done-check of one input, once per run. old layout: the previous "
        "store's flush (every table read and\nrewritten whole) for the same document. read all: the whole "
        "documents table (what report and export read)."
    )


if __name__ == "__main__":
    main()
