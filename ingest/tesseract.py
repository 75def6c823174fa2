"""pytesseract, imported without pandas.

pytesseract imports pandas at import time (only for ``Output.DATAFRAME``, which vnplan never asks
for): about 0.3 CPU-seconds in every process that calls Tesseract or checks its version, i.e. the
scheduling process and the page workers' fork server (issue 16). Imported through here, pandas is
hidden from it while it loads, unless some other module has loaded pandas already (then nothing is
saved and nothing is hidden)."""

from __future__ import annotations

import sys
from types import ModuleType


def _load() -> ModuleType:
    if "pytesseract" in sys.modules or "pandas" in sys.modules:
        import pytesseract

        return pytesseract
    # None in sys.modules makes `import pandas` raise ImportError, which pytesseract catches.
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import pytesseract
    finally:
        del sys.modules["pandas"]
    return pytesseract


pytesseract = _load()
