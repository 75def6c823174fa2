"""One Tesseract process that OCRs page after page, instead of one process per page.

Every ``tesseract`` process loads the language model before it reads a pixel: about 0.08 CPU-s
with ``vie`` (measured on a blank 200x60 image: 0.07-0.09 CPU-s, against 1.2-1.7 s for a 300-dpi
page), paid per page by a per-page call. Tesseract's CLI can instead read a list of image paths
from standard input (``-c stream_filelist=1``) and OCR each as it arrives, writing each page's
TSV to standard output when the page is done (it flushes per page); a worker keeps one such
process and feeds it its pages one at a time, so page jobs, progress and time limits stay per
page. The words are those of a per-page call with the same options: the 13 pages of the bundled
scan gave the same TSV rows, byte for byte, from one process as from 13 (and the pipeline's
tables are the same, ``devkit/compare_stores.py``).

How a page's end is seen: the TSV has no end-of-page mark (a page's first row, level 1, is
written when the page is done, with all its rows), so each page path is followed by the path of a
tiny blank image, whose one row (level 1, with its own page number) arrives once the page before
it is complete; a blank page costs Tesseract a few milliseconds.

Resolution: ``--dpi`` is one setting for the whole process, while pages are read at their own
effective resolution (``ingest.ocr``); so each page is written as an uncompressed TIFF carrying its
resolution, which Tesseract takes as the source resolution exactly as it takes ``--dpi`` for a
PGM (same rows: tests/test_ingest_ocrstream.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import tempfile
from typing import IO

from PIL import Image, TiffImagePlugin  # noqa: F401 (registers the TIFF writer, see below)

log = logging.getLogger(__name__)

# Image.save looks the format up among the writers registered so far, and for one it does not know
# (TIFF is not among PIL's five preinit formats) it imports every plugin PIL has (~60 modules,
# 0.02-0.08 CPU-s). Here that happens once where this module is imported (the fork server's
# preload), not in each page worker at its first page.
Image.preinit()

_SENTINEL_SIZE = (16, 16)


class StreamError(RuntimeError):
    """The stream could not read a page (Tesseract died or wrote what was not expected)."""


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a live child has used so far (Linux /proc; 0.0 if unknown)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


class TesseractStream:
    """``tesseract - - -l LANG CONFIG -c stream_filelist=1 tsv``, kept running; :meth:`tsv` OCRs one
    image and returns its TSV (header and rows) as a per-page call would have written it."""

    def __init__(self, lang: str, config: str, cmd: str = "tesseract"):
        self.lang, self.config = lang, config
        self._dir = tempfile.TemporaryDirectory(prefix="vnplan-ocrstream-")
        self._sentinel = os.path.join(self._dir.name, "end.tif")
        Image.new("L", _SENTINEL_SIZE, 255).save(self._sentinel, format="TIFF", dpi=(300, 300))
        self._page = os.path.join(self._dir.name, "page.tif")
        # Tesseract's own messages ("Page n : path", warnings) go to a file: a pipe nobody reads
        # would fill and block it after some thousand pages.
        self._stderr: IO[bytes] = tempfile.TemporaryFile(dir=self._dir.name)  # noqa: SIM115 (closed in close())
        argv = [cmd, "-", "-", "-l", lang, *config.split(), "-c", "stream_filelist=1", "tsv"]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        self._pages = 0  # pages (sentinels included) Tesseract has been given
        self._header = b""  # the TSV's header line, written once before the first page

    def cpu(self) -> float:
        """CPU seconds the Tesseract process has used so far (it is nobody's waited-for child yet)."""
        return _proc_cpu(self.proc.pid)

    def put(self, img: Image.Image, dpi: int) -> None:
        """Write the next page for Tesseract: ``img`` in grayscale, at ``dpi``."""
        gray = img if img.mode == "L" else img.convert("L")  # no copy of a grayscale page
        gray.save(self._page, format="TIFF", dpi=(dpi, dpi))

    def tsv(self) -> str:
        """OCR the page :meth:`put` wrote: its TSV, the header line and the page's rows."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(f"{self._page}\n{self._sentinel}\n".encode())
            self.proc.stdin.flush()
        except OSError as e:
            raise StreamError(f"Tesseract stopped taking pages: {e}; {self._last_error()}") from e
        page_no, end_no = self._pages + 1, self._pages + 2
        self._pages += 2
        rows: list[bytes] = []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise StreamError(f"Tesseract exited reading a page; {self._last_error()}")
            if not self._header:
                if not line.startswith(b"level\t"):
                    raise StreamError(f"unexpected first line from Tesseract: {line[:80]!r}")
                self._header = line
                continue
            if line.startswith(b"1\t"):
                n = int(line.split(b"\t", 2)[1])
                if n == end_no:
                    break
                if n != page_no:
                    raise StreamError(f"Tesseract wrote page {n}, expected {page_no}")
            rows.append(line)
        if not rows:
            raise StreamError("Tesseract wrote no rows for the page")
        return (self._header + b"".join(rows)).decode("utf-8")

    def _last_error(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - 2000))
            tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            return " / ".join(line for line in tail[-3:] if not line.startswith("Page ")) or "no message"
        return "no message"

    def close(self) -> None:
        """End the process (its input closed, it exits by itself) and remove its files."""
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdout is not None:
                self.proc.stdout.close()
        with contextlib.suppress(OSError):
            self._stderr.close()
        self._dir.cleanup()
