"""Where the real source files are, known without Django (the engines and their tests use it)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent  # repository root


def data_dir() -> Path:
    """``ADILKENT_DATA_DIR`` (or ``DATA_DIR``), else ``../shared/data`` beside the repository."""
    configured = os.environ.get("ADILKENT_DATA_DIR", os.environ.get("DATA_DIR", ""))
    return Path(configured) if configured else PROJECT_DIR.parent / "shared" / "data"


def var_dir() -> Path:
    """``ADILKENT_VAR_DIR`` (or ``VAR_DIR``, as Django's settings read it), else ``var/`` in the
    repository."""
    configured = os.environ.get("ADILKENT_VAR_DIR", os.environ.get("VAR_DIR", ""))
    return Path(configured) if configured else PROJECT_DIR / "var"


def network_cache_dir() -> Path:
    """Where built street networks are saved: ``ADILKENT_NETWORK_CACHE``, else ``networks/`` in
    :func:`var_dir` (never the data directory, which holds only the sources)."""
    configured = os.environ.get("ADILKENT_NETWORK_CACHE", "")
    return Path(configured) if configured else var_dir() / "networks"
