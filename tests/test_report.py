"""`vnplan report`: a self-contained HTML quality report, checked in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.exitcodes import ExitCode
from vnplan.pipeline import Options, run
from vnplan.report import Thresholds, write_report

BAD_NAME = "hỏng<b>.pdf"  # markup in a file name must come out escaped


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, seed_paths) -> Path:
    """Two seed plans, a zero-byte '.pdf' and a text file pretending to be a PDF."""
    raw = tmp_path_factory.mktemp("raw")
    for key in ("001", "002"):
        shutil.copy(seed_paths[key], raw)
    (raw / BAD_NAME).write_bytes(b"")
    (raw / "not_really.pdf").write_text("Kế hoạch\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("processed")
    summary = run([raw], out, Options(progress=False))
    assert len(summary.ok) == 2 and len(summary.failed) == 2
    return out


@pytest.fixture(scope="module")
def report(data_dir, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    write_report(data_dir, out)
    return out, out.read_text(encoding="utf-8")


def test_sections_and_failure_reasons(report):
    _, page = report
    for anchor in ("summary", "documents", "failures", "low-pages"):
        assert f'id="{anchor}"' in page
    assert "empty file (0 bytes)" in page
    assert "not a PDF" in page
    assert "Failures (2)" in page
    assert "001_78ef7b8a9b47c483.txt" in page and "UBND xã Nguyên Giáp" in page  # NFC Vietnamese, as is


def test_text_is_escaped(report):
    _, page = report
    assert "hỏng&lt;b&gt;.pdf" in page
    assert "hỏng<b>.pdf" not in page
    # The only markup is ours: no stray tags from the data.
    assert re.findall(r"<b>", page) == []


def test_self_contained(report):
    _, page = report
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page, "plots are inline SVG"
    # Nothing fetched from elsewhere: no external scripts, styles, images or fonts.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and not re.search(r"url\((?!#)", page), (
        "only in-document url(#id) references"
    )


def test_per_document_figures(report):
    _, page = report
    table = page[page.index('id="documents-table"') : page.index('id="failures"')]
    rows = table.split("<tr>")[2:]
    assert len(rows) == 4
    seed = next(r for r in rows if "001_78ef7b8a9b47c483.txt" in r)
    assert "KẾ HOẠCH 15/KH-UBND" in seed
    nums = re.findall(r'class="num[^"]*">([^<]*)<', seed)
    # pages, OCR conf. (none for text), restore conf., low pages, sections, targets, tasks, agencies
    assert nums[0] == "1" and nums[1] == "—" and re.fullmatch(r"0\.\d{3} \(0\.\d{3}\)", nums[2])
    assert all(int(n) > 0 for n in (nums[4], nums[5], nums[6], nums[7]))
    # header fields found on the page, of those extracted (header_fields provenance)
    placed, fields = map(int, nums[8].split("/"))
    assert fields >= 8 and placed >= fields - 2


def test_thresholds_select_low_pages(data_dir, tmp_path):
    strict = write_report(data_dir, tmp_path / "strict.html", Thresholds(ocr=85, restore=0.999))
    lax = write_report(data_dir, tmp_path / "lax.html", Thresholds(ocr=0, restore=0))
    assert "Low-confidence pages (2)" in strict.read_text(encoding="utf-8")
    lax_page = lax.read_text(encoding="utf-8")
    assert "Low-confidence pages (0)" in lax_page and "No page is below the thresholds" in lax_page


def test_cli_report(data_dir, tmp_path):
    out = tmp_path / "r.html"
    res = CliRunner().invoke(
        app, ["report", "--data", str(data_dir), "--out", str(out), "--restore-low", "0.5"]
    )
    assert res.exit_code == 0, res.output
    assert "restoration &lt; 0.50" in out.read_text(encoding="utf-8")
    res = CliRunner().invoke(app, ["report", "--data", str(tmp_path / "none"), "--out", str(out)])
    assert res.exit_code == ExitCode.store_unreadable


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _headless(browser: str, url: str, *extra: str, cwd: Path) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", *extra, url,
        ]  # fmt: skip
        return subprocess.run(cmd, capture_output=True, text=True, timeout=90, cwd=cwd)


@pytest.fixture(scope="module")
def browser() -> str:
    path = _chromium()
    if path is None:
        pytest.skip(
            "chromium not found: install Debian's `chromium` (scripts/ensure-system-deps.sh chromium)"
        )
    return path


def test_renders_in_headless_chromium(report, browser, tmp_path):
    html_path, _ = report
    png = tmp_path / "report.png"
    res = _headless(
        browser, html_path.resolve().as_uri(), f"--screenshot={png}", "--window-size=1280,2000", cwd=tmp_path
    )
    assert png.exists(), f"no screenshot: {res.returncode} {res.stderr[-2000:]}"
    assert png.stat().st_size > 20_000
    img = Image.open(png).convert("RGB")
    assert img.size == (1280, 2000)
    extrema = img.getextrema()
    assert any(lo < 100 for lo, _ in extrema), "page is blank"
    stat = ImageStat.Stat(img.convert("L"))
    assert stat.stddev[0] > 10, "page looks uniform"
    # The badge colour of a failed file is on screen.
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert any(abs(r - 0xF8) < 6 and abs(g - 0xC9) < 6 and abs(b - 0xC4) < 6 for r, g, b in colours), (
        "no failed badge"
    )


def test_tables_sort_in_chromium(report, browser, tmp_path):
    """Clicking a header sorts (ascending, then descending), checked in the rendered DOM."""
    html_path, page = report
    probe = """<script>
var t = document.getElementById('documents-table'), h = t.querySelectorAll('th')[4];
function col() { return Array.from(t.tBodies[0].rows).map(function (r) { return r.cells[4].textContent; }).join(','); }
h.click(); var up = col(); h.click();
document.body.setAttribute('data-after-sort', up + '|' + col());
</script></body>"""
    probed = tmp_path / "probe.html"
    probed.write_text(page.replace("</body>", probe), encoding="utf-8")
    res = _headless(browser, probed.resolve().as_uri(), "--dump-dom", cwd=tmp_path)
    m = re.search(r'data-after-sort="([^"]*)"', res.stdout)
    assert m, f"script did not run: {res.stderr[-2000:]}"
    up, down = ([int(v) for v in part.split(",")] for part in m.group(1).split("|"))
    assert up == [0, 0, 1, 1] and down == [1, 1, 0, 0]


def test_report_does_not_follow_a_planted_temp_link(data_dir, tmp_path):
    """A link planted at the report's temporary name (the old writer's: '.report.html.tmp-PID')
    must not be followed: the file it points at stays as it was."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "report.html"
    planted = tmp_path / f".report.html.tmp-{os.getpid()}"
    planted.symlink_to(victim)
    write_report(data_dir, out)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert planted.is_symlink() and out.is_file() and not out.is_symlink()
    assert "<html" in out.read_text(encoding="utf-8")
