"""Where the real source files are, known without Django (the engines and their tests use it)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent  # repository root


def data_dir() -> Path:
    """``ADILKENT_DATA_DIR`` (or ``DATA_DIR``), else ``../shared/data`` beside the repository."""
    configured = os.environ.get("ADILKENT_DATA_DIR", os.environ.get("DATA_DIR", ""))
    return Path(configured) if configured else PROJECT_DIR.parent / "shared" / "data"
