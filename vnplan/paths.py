"""Where the project's read-only shared/ folder is: beside the repository, or wherever $VNPLAN_SHARED says."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VNPLAN_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"  # the five real plans (evaluation material: never trained on)
CORPUS = SHARED / "corpus" / "vlc"  # Vietnamese laws: the restoration model's training text
