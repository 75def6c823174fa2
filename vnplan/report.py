"""A self-contained HTML quality report of a run (``vnplan report``).

One HTML file, no external resources: inline CSS, plots as inline SVG (matplotlib, glyphs as
paths so no font is needed to view it), a few lines of inline JavaScript that make the tables
sortable by clicking a header (the tables read fine without it). The page is a Jinja2 template
(``vnplan/templates/report.html.j2``) with autoescaping, so every piece of text from the data is
HTML-escaped; this module only computes the figures and table cells.

Sections: run summary, per-document table (pages, method, OCR and restoration confidence, counts
of sections/targets/tasks/agencies), failures with their reasons, low-confidence pages.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import jinja2
import pandas as pd

from . import __version__
from .export import load_tables, to_frame
from .fsutil import atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Thresholds:
    """A page is 'low confidence' when either figure is below its threshold."""

    ocr: float = 85.0  # mean Tesseract word confidence, 0-100
    restore: float = 0.95  # mean per-syllable restoration confidence, 0-1


MAX_LOW_ROWS = 300
SNIPPET_CHARS = 180


# --- table cells: plain data, rendered (and escaped) by the templates ---------------------------------


@dataclass
class Cell:
    """One table cell: ``sort`` is the value the sorter uses (numbers sort numerically); ``badge``
    shows the text as a status badge, ``title`` as a hover text, ``sub`` as a red note below."""

    text: str = ""
    sort: object = None
    cls: str = ""
    badge: bool = False
    title: str = ""
    sub: str = ""


def _missing(v: object) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def fmt_num(v: object, digits: int = 0) -> str:
    if _missing(v):
        return "—"
    return f"{float(v):,.{digits}f}"


def _text(v: object) -> str:
    return "" if _missing(v) else str(v)


def _cell(v: object, *, sort: object = None, cls: str = "") -> Cell:
    return Cell(_text(v), None if _missing(sort) else sort, cls)


def _num_cell(v: object, digits: int = 0, *, warn: bool = False) -> Cell:
    return Cell(fmt_num(v, digits), None if _missing(v) else float(v), "num warn" if warn else "num")


def _pair_cell(mean: object, low: object, digits: int, limit: float) -> Cell:
    """'mean (min)' in one cell, sorted by the mean, red when the worst page is below the limit."""
    if _missing(mean):
        return Cell("—", cls="num")
    warn = not _missing(low) and float(low) < limit
    return Cell(f"{fmt_num(mean, digits)} ({fmt_num(low, digits)})", float(mean), "num warn" if warn else "num")


def _snippet(text: object, n: int = SNIPPET_CHARS) -> str:
    if _missing(text):
        return ""
    s = re.sub(r"\s+", " ", str(text)).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def _status_cell(status: object) -> Cell:
    return Cell(_text(status), _text(status), badge=True)


# --- figures ---------------------------------------------------------------------------------------


def _svg(fig) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "vnplan"}):  # stable ids: same data, same file
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prolog and DOCTYPE so it inlines in HTML


def confidence_figure(pages: pd.DataFrame, labels: dict[str, str], th: Thresholds) -> str | None:
    """Per-page OCR and restoration confidence, one row per document, thresholds dashed."""
    if pages.empty:
        return None
    from matplotlib.figure import Figure

    doc_ids = [d for d in labels if d in set(pages.doc_id)]
    height = 1.2 + 0.38 * len(doc_ids)
    fig = Figure(figsize=(11, height))
    axes = fig.subplots(1, 2, sharey=True)
    panels = [
        ("ocr_confidence", "OCR confidence (0–100)", th.ocr, (0, 100)),
        ("restore_confidence", "Restoration confidence (0–1)", th.restore, (0, 1)),
    ]
    for ax, (col, title, limit, xlim) in zip(axes, panels, strict=True):
        if pages[col].isna().all():
            ax.text(
                0.5,
                0.5,
                "no OCR'd pages" if col == "ocr_confidence" else "no values",
                transform=ax.transAxes,
                ha="center",
                va="center",
                color="#777",
            )
        for y, doc_id in enumerate(doc_ids):
            vals = pages.loc[pages.doc_id == doc_id, col].dropna().astype(float)
            if vals.empty:
                continue
            low = vals < limit
            jitter = [((i * 37) % 11 - 5) * 0.025 for i in range(len(vals))]
            ys = [y + j for j in jitter]
            ax.scatter(
                vals[~low],
                [v for v, b in zip(ys, low, strict=True) if not b],
                s=16,
                color="#2c7fb8",
                alpha=0.8,
            )
            ax.scatter(
                vals[low], [v for v, b in zip(ys, low, strict=True) if b], s=22, color="#d7301f", marker="D"
            )
        ax.axvline(limit, color="#d7301f", linestyle="--", linewidth=1)
        vals = pages[col].dropna().astype(float)
        # Zoom in when every value is high, but keep the threshold in view.
        low_end = min(limit, vals.min()) if len(vals) else xlim[0]
        left = max(xlim[0], low_end - (xlim[1] - xlim[0]) * 0.05)
        ax.set_xlim(left, xlim[1])
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        ax.set_ylim(len(doc_ids) - 0.5, -0.5)
    axes[0].set_yticks(range(len(doc_ids)))
    axes[0].set_yticklabels([labels[d] for d in doc_ids], fontsize=8)
    return _svg(fig)


# --- the report ------------------------------------------------------------------------------------


def _doc_labels(docs: pd.DataFrame) -> dict[str, str]:
    labels: dict[str, str] = {}
    for doc_id, name in zip(docs.doc_id, docs.file_name, strict=True):
        name = "" if _missing(name) else str(name)
        labels[doc_id] = name if len(name) <= 32 else name[:31] + "…"
    return labels


def _low_pages(pages: pd.DataFrame, th: Thresholds) -> pd.Series:
    ocr_low = pages.ocr_confidence.astype(float) < th.ocr
    restore_low = pages.restore_confidence.astype(float) < th.restore
    return (ocr_low.fillna(False) | restore_low.fillna(False)).astype(bool)


def document_summary(t: dict[str, pd.DataFrame], th: Thresholds) -> pd.DataFrame:
    """One row per document with page, confidence and extraction figures."""
    docs = t["documents"].copy()
    pages = t["pages"].copy()
    pages["low"] = _low_pages(pages, th)
    by_doc = pages.groupby("doc_id")
    agg = pd.DataFrame(
        {
            "pages_read": by_doc.size(),
            "methods": by_doc.method.agg(
                lambda s: ", ".join(
                    f"{m} ×{n}" if n > 1 else str(m) for m, n in s.value_counts().sort_index().items()
                )
            ),
            "ocr_mean": by_doc.ocr_confidence.mean(),
            "ocr_min": by_doc.ocr_confidence.min(),
            "restore_mean": by_doc.restore_confidence.mean(),
            "restore_min": by_doc.restore_confidence.min(),
            "low_pages": by_doc.low.sum(),
            "words": by_doc.n_words.sum(),
        }
    )
    counts = {
        "sections": t["sections"].groupby("doc_id").size(),
        "targets": t["targets"].groupby("doc_id").size(),
        "tasks": t["tasks"].groupby("doc_id").size(),
        "agencies": t["task_agencies"].groupby("doc_id").agency_id.nunique(),
        "links": t["task_agencies"].groupby("doc_id").size(),
    }
    out = docs.set_index("doc_id").join(agg)
    # header fields found on a page (provenance) of those extracted
    hf = t.get("header_fields", pd.DataFrame(columns=["doc_id", "page_no"]))
    by_hf = hf.groupby("doc_id")
    counts["header_fields"] = by_hf.size()
    counts["header_placed"] = by_hf.page_no.count()
    for k, s in counts.items():
        out[k] = s.reindex(out.index).fillna(0).astype(int)
    for k in ("pages_read", "low_pages", "words"):
        out[k] = out[k].fillna(0).astype(int)
    return out.reset_index()


def _summary_context(t: dict[str, pd.DataFrame], th: Thresholds, data_dir: Path) -> dict:
    docs, pages = t["documents"], t["pages"]
    status = docs.status.value_counts()
    n_failed, n_partial = int(status.get("failed", 0)), int(status.get("partial", 0))
    ocr_pages = pages[pages.ocr_confidence.notna()]
    low = int(_low_pages(pages, th).sum())
    cards = [
        ("documents", f"{len(docs):,}", ""),
        ("ok", f"{int(status.get('ok', 0)):,}", "good"),
        ("partial", f"{n_partial:,}", "bad" if n_partial else ""),
        ("failed", f"{n_failed:,}", "bad" if n_failed else ""),
        ("pages", f"{len(pages):,}", ""),
        ("OCR'd pages", f"{len(ocr_pages):,}", ""),
        ("low-confidence pages", f"{low:,}", "bad" if low else "good"),
        ("targets", f"{len(t['targets']):,}", ""),
        ("tasks", f"{len(t['tasks']):,}", ""),
        ("agencies", f"{len(t['agencies']):,}", ""),
        ("task–agency links", f"{len(t['task_agencies']):,}", ""),
    ]
    methods = pages.method.value_counts()
    when = docs.ingested_at.dropna() if "ingested_at" in docs else pd.Series(dtype="datetime64[ns, UTC]")
    versions = ", ".join(sorted(str(v) for v in docs.pipeline_version.dropna().unique())) or "—"
    facts = [
        ("Data folder", str(data_dir)),
        ("Ingested", f"{when.min():%Y-%m-%d %H:%M} – {when.max():%Y-%m-%d %H:%M} UTC" if len(when) else "—"),
        ("Pipeline version(s)", versions),
        ("Pages by method", ", ".join(f"{m}: {n:,}" for m, n in methods.items()) or "—"),
        ("Mean OCR confidence (OCR'd pages)", fmt_num(ocr_pages.ocr_confidence.mean(), 1)),
        ("Mean restoration confidence", fmt_num(pages.restore_confidence.mean(), 3)),
        ("Low-confidence thresholds", f"OCR < {fmt_num(th.ocr, 1)} or restoration < {fmt_num(th.restore, 2)}"),
    ]
    return {"cards": [{"key": k, "value": v, "cls": c} for k, v, c in cards], "facts": facts}


def _documents_table(summary: pd.DataFrame, th: Thresholds) -> dict:
    headers = [
        "file", "status", "document", "issuer", "pages", "method", "OCR conf.",
        "restore conf.", "low pages", "sections", "targets", "tasks", "agencies", "header on page",
    ]  # fmt: skip
    rows = []
    for r in summary.itertuples(index=False):
        doc = " ".join(str(v) for v in (r.doc_type, r.doc_number) if not _missing(v))
        name = Cell(_text(r.file_name), _text(r.file_name), title=_text(r.source_path))
        name.sub = "" if _missing(r.error) else _snippet(r.error, 160)
        rows.append(
            [
                name,
                _status_cell(r.status),
                _cell(doc, cls="wide"),
                _cell(r.issuer, cls="wide"),
                _num_cell(r.n_pages),
                _cell(r.methods),
                _pair_cell(r.ocr_mean, r.ocr_min, 1, th.ocr),
                _pair_cell(r.restore_mean, r.restore_min, 3, th.restore),
                _num_cell(r.low_pages, warn=bool(r.low_pages)),
                _num_cell(r.sections),
                _num_cell(r.targets),
                _num_cell(r.tasks),
                _num_cell(r.agencies),
                # header fields (header_fields) found on a page, of those extracted
                Cell(f"{r.header_placed}/{r.header_fields}", r.header_placed, "num"),
            ]
        )
    return {"headers": headers, "rows": rows, "numeric": [4, 6, 7, 8, 9, 10, 11, 12, 13]}


def _failures_table(docs: pd.DataFrame) -> dict:
    bad = docs[docs.status.isin(["failed", "partial"])].sort_values(["status", "file_name"])
    rows = [
        [
            _cell(r.file_name, sort=r.file_name),
            _status_cell(r.status),
            _cell(r.source_path),
            _cell(_text(r.error) or "unknown error", cls="err"),
        ]
        for r in bad.itertuples(index=False)
    ]
    return {"headers": ["file", "status", "path", "reason"], "rows": rows}


def _low_pages_table(t: dict[str, pd.DataFrame], labels: dict[str, str], th: Thresholds) -> dict:
    pages = t["pages"].copy()
    pages["low"] = _low_pages(pages, th)
    low = pages[pages.low]
    weakest_only = cut = False
    # Weakest first: both confidences on a 0-1 scale, summed.
    score = pages.ocr_confidence.astype(float).fillna(100) / 100 + pages.restore_confidence.astype(float).fillna(1)
    if low.empty and not pages.empty:
        # Nothing below the thresholds: still show the weakest pages, they are where to look first.
        shown = pages.loc[score.sort_values().index[:5]]
        weakest_only = True
    else:
        shown = low.loc[score[low.index].sort_values().index]
        cut = len(shown) > MAX_LOW_ROWS
        shown = shown.iloc[:MAX_LOW_ROWS]
    rows = [
        [
            _cell(labels.get(r.doc_id, r.doc_id), sort=labels.get(r.doc_id, r.doc_id)),
            _num_cell(r.page_no),
            _cell(r.method),
            _num_cell(r.ocr_confidence, 1, warn=not _missing(r.ocr_confidence) and r.ocr_confidence < th.ocr),
            _num_cell(
                r.restore_confidence,
                3,
                warn=not _missing(r.restore_confidence) and r.restore_confidence < th.restore,
            ),
            _num_cell(r.n_words),
            _cell(_snippet(r.text_raw), cls="snip"),
            _cell(_snippet(r.text), cls="snip"),
        ]
        for r in shown.itertuples(index=False)
    ]
    headers = ["file", "page", "method", "OCR conf.", "restore conf.", "words", "text as read", "restored text"]
    return {
        "headers": headers,
        "rows": rows,
        "numeric": [1, 3, 4, 5],
        "n_low": len(low),
        "weakest_only": weakest_only,
        "cut": cut,
        "ocr_limit": fmt_num(th.ocr, 1),
        "restore_limit": fmt_num(th.restore, 2),
    }


def _checks_context(t: dict[str, pd.DataFrame], labels: dict[str, str]) -> dict:
    """Failed quality checks: a count per rule, then the rows (errors first)."""
    from .checks import RULES

    checks = t.get("checks", pd.DataFrame(columns=["doc_id", "rule", "severity"]))
    counts = checks.groupby("rule").size() if len(checks) else pd.Series(dtype=int)
    rules = [
        {"name": r.name, "severity": r.severity, "table": r.table, "description": r.description,
         "n": int(counts.get(r.name, 0))}
        for r in RULES
    ]  # fmt: skip
    shown = checks.assign(_o=checks.severity.map({"error": 0}).fillna(1)).sort_values(["_o", "doc_id", "check_id"])
    rows = [
        [
            _cell(labels.get(r.doc_id, r.doc_id), sort=labels.get(r.doc_id, r.doc_id)),
            _cell(r.severity, cls="err" if r.severity == "error" else ""),
            _cell(r.rule),
            _cell(r.table_name),
            _cell(r.row_id),
            _num_cell(r.page_no),
            _cell(_snippet(r.message), cls="snip"),
        ]
        for r in shown.iloc[:MAX_LOW_ROWS].itertuples(index=False)
    ]
    headers = ["file", "severity", "rule", "table", "row", "page", "why"]
    return {"rules": rules, "headers": headers, "rows": rows, "numeric": [5], "n": len(checks)}


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """vnplan's HTML templates (``vnplan/templates``), autoescaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vnplan", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def build_report(
    tables: dict[str, pd.DataFrame],
    th: Thresholds | None = None,
    *,
    data_dir: str | Path = "",
    title: str = "",
) -> str:
    """The report as one HTML string, from DataFrames of the store's tables."""
    th = th or Thresholds()
    t = tables
    docs = t["documents"].sort_values(["file_name", "doc_id"]).reset_index(drop=True)
    t = dict(t, documents=docs)
    labels = _doc_labels(docs)
    summary = document_summary(t, th)
    return templates().get_template("report.html.j2").render(
        title=title or "vnplan quality report",
        version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        data_dir=str(data_dir),
        **_summary_context(t, th, Path(data_dir)),
        documents=_documents_table(summary, th),
        failures=_failures_table(docs),
        low=_low_pages_table(t, labels, th),
        figure=confidence_figure(t["pages"], labels, th),
        checks=_checks_context(t, labels),
    )


def write_report(data_dir: str | Path, out: str | Path = "report.html", th: Thresholds | None = None) -> Path:
    """Read the tables in ``data_dir`` and write the HTML report to ``out`` (atomically)."""
    data_dir, out = Path(data_dir), Path(out)
    names = ("documents", "pages", "sections", "targets", "tasks", "agencies", "task_agencies", "checks",
             "header_fields")
    tables = {name: to_frame(tbl) for name, tbl in load_tables(data_dir, names).items()}
    page = build_report(tables, th, data_dir=data_dir)
    # A fresh, exclusively created temp file: a planted '.report.html.tmp-*' link is never followed.
    atomic_write_text(out, page)
    log.info(
        "report: %d documents, %d pages -> %s (%d kB)",
        len(tables["documents"]),
        len(tables["pages"]),
        out,
        len(page) // 1024,
    )
    return out
