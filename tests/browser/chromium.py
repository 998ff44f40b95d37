"""Debian's Chromium for the browser tests: `make test` installs it with apt when it is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox"]
requires_chromium = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is missing: `make test` installs it (apt-get install chromium)"),
]
