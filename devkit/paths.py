"""Where the project's inputs are: the committed sample plans, and the read-only shared/ folder
(beside the repository, or wherever $VNPLAN_SHARED says) that only `make model`, `make eval` and
`make bench` need."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The five real plans, committed as the bundled samples (copies of shared/seeds): evaluation material,
# never trained on.
SEEDS = REPO / "data" / "samples"
SHARED = Path(os.environ.get("VNPLAN_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "vlc"  # Vietnamese laws: the restoration model's training text

