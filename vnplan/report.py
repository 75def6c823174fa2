"""A self-contained HTML quality report of a run (``vnplan report``).

One HTML file, no external resources: inline CSS, plots as inline SVG (matplotlib, glyphs as
paths so no font is needed to view it), a few lines of inline JavaScript that make the tables
sortable by clicking a header (the tables read fine without it). Every piece of text from the data
is HTML-escaped.

Sections: run summary, per-document table (pages, method, OCR and restoration confidence, counts
of sections/targets/tasks/agencies), failures with their reasons, low-confidence pages.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

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


# --- small HTML helpers ----------------------------------------------------------------------------


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


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


def _cell(v: object, *, sort: object = None, cls: str = "") -> str:
    """A table cell; ``sort`` is the value the sorter uses (numbers sort numerically)."""
    attrs = ""
    if sort is not None and not _missing(sort):
        attrs += f' data-sort="{esc(sort)}"'
    if cls:
        attrs += f' class="{esc(cls)}"'
    return f"<td{attrs}>{v}</td>"


def _num_cell(v: object, digits: int = 0, *, warn: bool = False) -> str:
    return _cell(
        esc(fmt_num(v, digits)), sort=None if _missing(v) else float(v), cls="num warn" if warn else "num"
    )


def _pair_cell(mean: object, low: object, digits: int, limit: float) -> str:
    """'mean (min)' in one cell, sorted by the mean, red when the worst page is below the limit."""
    if _missing(mean):
        return _cell("—", cls="num")
    text = f"{fmt_num(mean, digits)} ({fmt_num(low, digits)})"
    warn = not _missing(low) and float(low) < limit
    return _cell(esc(text), sort=float(mean), cls="num warn" if warn else "num")


def _table(headers: Sequence[str], rows: Iterable[str], *, table_id: str, numeric: Sequence[int] = ()) -> str:
    ths = "".join(
        f'<th{" class=num" if i in numeric else ""} title="click to sort">{esc(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return (
        f'<div class="scroll"><table class="sortable" id="{esc(table_id)}"><thead><tr>{ths}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div>"
    )


def _snippet(text: object, n: int = SNIPPET_CHARS) -> str:
    if _missing(text):
        return ""
    s = re.sub(r"\s+", " ", str(text)).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def _status_badge(status: object) -> str:
    s = "" if _missing(status) else str(status)
    return f'<span class="badge {esc(s)}">{esc(s or "?")}</span>'


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


CSS = """
body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px auto;
  max-width:1400px;padding:0 16px;color:#222;background:#fff;line-height:1.4}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid #e3e8ef;padding-bottom:4px}
.meta{color:#555;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{border:1px solid #d9e0e8;border-radius:6px;padding:8px 14px;min-width:110px;background:#f7f9fc}
.card .v{font-size:22px;font-weight:bold}.card .k{font-size:12px;color:#555}
.card.bad{background:#fdecea;border-color:#f5c2bd}.card.good{background:#eaf6ec;border-color:#bfe3c6}
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px;width:100%}
th,td{border:1px solid #d9e0e8;padding:4px 7px;vertical-align:top;text-align:left}
th{background:#eef2f7;cursor:pointer;user-select:none}
th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
tbody tr:nth-child(even){background:#fafbfd}tbody tr:hover{background:#fff7d6}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}
td.warn{background:#fdecea;color:#a11}
td.err{color:#a11;max-width:520px}td.snip{font-size:12px;max-width:560px;min-width:240px}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;background:#ddd}
.badge.ok{background:#cdebd3;color:#185a26}.badge.partial{background:#ffe7b3;color:#7a4b00}
.badge.failed{background:#f8c9c4;color:#8a1207}
.note{color:#555;font-size:13px}.fig svg{max-width:100%;height:auto}
.scroll{overflow-x:auto}table.kv{width:auto;min-width:50%}table.kv th{cursor:default;width:260px}
td.err{min-width:180px}div.err{color:#a11}.small{font-size:11px}td.wide{min-width:120px}
code{background:#f0f2f5;padding:0 3px;border-radius:3px}
"""

SORT_JS = """
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('sorted-asc');
      t.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc')});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      var rows=Array.from(t.tBodies[0].rows);
      function key(r){var c=r.cells[i];if(!c)return '';var s=c.getAttribute('data-sort');
        if(s!==null&&s!==''&&!isNaN(s))return parseFloat(s);return (s!==null?s:c.textContent).toLowerCase();}
      rows.sort(function(a,b){var x=key(a),y=key(b);
        if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});
      rows.forEach(function(r){t.tBodies[0].appendChild(r)});
    });
  });
});
"""


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
    for k, s in counts.items():
        out[k] = s.reindex(out.index).fillna(0).astype(int)
    for k in ("pages_read", "low_pages", "words"):
        out[k] = out[k].fillna(0).astype(int)
    return out.reset_index()


def _summary_section(
    t: dict[str, pd.DataFrame], summary: pd.DataFrame, th: Thresholds, data_dir: Path
) -> str:
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
    cards_html = "".join(
        f'<div class="card {cls}"><div class="v">{esc(v)}</div><div class="k">{esc(k)}</div></div>'
        for k, v, cls in cards
    )
    methods = pages.method.value_counts()
    method_txt = ", ".join(f"{esc(m)}: {n:,}" for m, n in methods.items()) or "—"
    when = docs.ingested_at.dropna() if "ingested_at" in docs else pd.Series(dtype="datetime64[ns, UTC]")
    when_txt = f"{when.min():%Y-%m-%d %H:%M} – {when.max():%Y-%m-%d %H:%M} UTC" if len(when) else "—"
    versions = ", ".join(sorted(str(v) for v in docs.pipeline_version.dropna().unique())) or "—"
    rows = [
        ("Data folder", esc(str(data_dir))),
        ("Ingested", esc(when_txt)),
        ("Pipeline version(s)", esc(versions)),
        ("Pages by method", method_txt),
        ("Mean OCR confidence (OCR'd pages)", esc(fmt_num(ocr_pages.ocr_confidence.mean(), 1))),
        ("Mean restoration confidence", esc(fmt_num(pages.restore_confidence.mean(), 3))),
        (
            "Low-confidence thresholds",
            f"OCR &lt; {esc(fmt_num(th.ocr, 1))} or restoration &lt; {esc(fmt_num(th.restore, 2))}",
        ),
    ]
    kv = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<h2 id="summary">Run summary</h2><div class="cards">{cards_html}</div><table class="kv">{kv}</table>'


def _documents_section(summary: pd.DataFrame, th: Thresholds) -> str:
    headers = [
        "file", "status", "document", "issuer", "pages", "method", "OCR conf.",
        "restore conf.", "low pages", "sections", "targets", "tasks", "agencies",
    ]  # fmt: skip
    numeric = [4, 6, 7, 8, 9, 10, 11, 12]
    rows = []
    for r in summary.itertuples(index=False):
        doc = " ".join(str(v) for v in (r.doc_type, r.doc_number) if not _missing(v))
        rows.append(
            "".join(
                [
                    _cell(
                        f'<span title="{esc(r.source_path)}">{esc(r.file_name)}</span>'
                        + (
                            ""
                            if _missing(r.error)
                            else f'<div class="err small">{esc(_snippet(r.error, 160))}</div>'
                        ),
                        sort=r.file_name,
                    ),
                    _cell(_status_badge(r.status), sort=r.status),
                    _cell(esc(doc), cls="wide"),
                    _cell(esc("" if _missing(r.issuer) else r.issuer), cls="wide"),
                    _num_cell(r.n_pages),
                    _cell(esc("" if _missing(r.methods) else r.methods)),
                    _pair_cell(r.ocr_mean, r.ocr_min, 1, th.ocr),
                    _pair_cell(r.restore_mean, r.restore_min, 3, th.restore),
                    _num_cell(r.low_pages, warn=bool(r.low_pages)),
                    _num_cell(r.sections),
                    _num_cell(r.targets),
                    _num_cell(r.tasks),
                    _num_cell(r.agencies),
                ]
            )
        )
    return (
        '<h2 id="documents">Documents</h2>'
        '<p class="note">One row per input file. Confidence figures are per page: mean over the pages '
        "(worst page in brackets), red when the worst page is below the threshold; the reason a file failed is under its name; "
        "<em>agencies</em> counts distinct agencies linked to the document's tasks. Click a header to sort.</p>"
        + _table(headers, rows, table_id="documents-table", numeric=numeric)
    )


def _failures_section(docs: pd.DataFrame) -> str:
    bad = docs[docs.status.isin(["failed", "partial"])].sort_values(["status", "file_name"])
    if bad.empty:
        return '<h2 id="failures">Failures</h2><p class="note">No failures: every file was read in full.</p>'
    rows = [
        "".join(
            [
                _cell(esc(r.file_name), sort=r.file_name),
                _cell(_status_badge(r.status), sort=r.status),
                _cell(esc(r.source_path)),
                _cell(esc("" if _missing(r.error) else r.error or "unknown error"), cls="err"),
            ]
        )
        for r in bad.itertuples(index=False)
    ]
    return (
        f'<h2 id="failures">Failures ({len(bad)})</h2>'
        '<p class="note"><em>failed</em>: nothing could be read; <em>partial</em>: some pages were lost '
        "(named in the reason). The other files of the run are not affected.</p>"
        + _table(["file", "status", "path", "reason"], rows, table_id="failures-table")
    )


def _low_pages_section(
    t: dict[str, pd.DataFrame], labels: dict[str, str], th: Thresholds, figure: str | None
) -> str:
    pages = t["pages"].copy()
    pages["low"] = _low_pages(pages, th)
    low = pages[pages.low]
    heading = f'<h2 id="low-pages">Low-confidence pages ({len(low)})</h2>'
    intro = (
        f'<p class="note">A page is listed when its mean OCR word confidence is below {esc(fmt_num(th.ocr, 1))} '
        f"or its restoration confidence is below {esc(fmt_num(th.restore, 2))} "
        "(<code>vnplan report --ocr-low … --restore-low …</code>). Text pages have no OCR confidence.</p>"
    )
    if low.empty and not pages.empty:
        # Nothing below the thresholds: still show the weakest pages, they are where to look first.
        score = pages.ocr_confidence.astype(float).fillna(100) / 100 + pages.restore_confidence.astype(
            float
        ).fillna(1)
        shown = pages.loc[score.sort_values().index[:5]]
        intro += '<p class="note">No page is below the thresholds. The five weakest pages:</p>'
    else:
        shown = low.assign(
            _s=low.ocr_confidence.astype(float).fillna(100) / 100
            + low.restore_confidence.astype(float).fillna(1)
        ).sort_values("_s")
        if len(shown) > MAX_LOW_ROWS:
            intro += f'<p class="note">Showing the {MAX_LOW_ROWS} weakest of {len(shown)}.</p>'
            shown = shown.iloc[:MAX_LOW_ROWS]
    rows = [
        "".join(
            [
                _cell(esc(labels.get(r.doc_id, r.doc_id)), sort=labels.get(r.doc_id, r.doc_id)),
                _num_cell(r.page_no),
                _cell(esc(r.method)),
                _num_cell(
                    r.ocr_confidence, 1, warn=not _missing(r.ocr_confidence) and r.ocr_confidence < th.ocr
                ),
                _num_cell(
                    r.restore_confidence,
                    3,
                    warn=not _missing(r.restore_confidence) and r.restore_confidence < th.restore,
                ),
                _num_cell(r.n_words),
                _cell(esc(_snippet(r.text_raw)), cls="snip"),
                _cell(esc(_snippet(r.text)), cls="snip"),
            ]
        )
        for r in shown.itertuples(index=False)
    ]
    table = (
        _table(
            [
                "file",
                "page",
                "method",
                "OCR conf.",
                "restore conf.",
                "words",
                "text as read",
                "restored text",
            ],
            rows,
            table_id="low-pages-table",
            numeric=[1, 3, 4, 5],
        )
        if rows
        else ""
    )
    fig = (
        '<div class="fig">' + figure + '</div><p class="note">Each dot is a page; red diamonds are below the '
        "threshold (dashed line).</p>"
        if figure
        else ""
    )
    return heading + intro + fig + table


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
    figure = confidence_figure(t["pages"], labels, th)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = title or "vnplan quality report"
    nav = " · ".join(
        f'<a href="#{a}">{esc(n)}</a>'
        for a, n in [
            ("summary", "summary"),
            ("documents", "documents"),
            ("failures", "failures"),
            ("low-pages", "low-confidence pages"),
        ]
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vnplan {esc(__version__)}">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{esc(title)}</h1>
<div class="meta">Generated {esc(generated)} by vnplan {esc(__version__)} from <code>{esc(str(data_dir))}</code> · {nav}</div>
{_summary_section(t, summary, th, Path(data_dir))}
{_documents_section(summary, th)}
{_failures_section(docs)}
{_low_pages_section(t, labels, th, figure)}
<script>{SORT_JS}</script>
</body>
</html>
"""


def write_report(data_dir: str | Path, out: str | Path = "report.html", th: Thresholds | None = None) -> Path:
    """Read the tables in ``data_dir`` and write the HTML report to ``out`` (atomically)."""
    data_dir, out = Path(data_dir), Path(out)
    names = ("documents", "pages", "sections", "targets", "tasks", "agencies", "task_agencies")
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
