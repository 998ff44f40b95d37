"""Train only when the model's inputs changed.

The model file is named by a hash of everything that shapes it (config, domain,
training data, our own NLU component code and the pinned environment), so a stale
model can never be served by mistake and a fresh clone on the same machine reuses
a model trained before from the user cache instead of spending minutes retraining.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bot import project

MODEL_INPUTS = (
    project.CONFIG,
    project.DOMAIN,
    project.DATA,
    project.ROOT / "bot" / "nlu",
    project.ROOT / "requirements.lock",
)


def _input_files() -> list[Path]:
    files: list[Path] = []
    for entry in MODEL_INPUTS:
        if entry.is_dir():
            files.extend(p for p in entry.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif entry.exists():
            files.append(entry)
    return sorted(files)


def inputs_hash() -> str:
    """A short, stable hash of the model's inputs (paths and contents)."""
    digest = hashlib.sha256()
    for path in _input_files():
        digest.update(str(path.relative_to(project.ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Models survive `git clean` and fresh clones here (override with HELPLINE_MODEL_CACHE)."""
    default = Path.home() / ".cache" / "helpline-assistant" / "models"
    return Path(os.environ.get("HELPLINE_MODEL_CACHE", default))


def model_path() -> Path:
    """Where the model for the current inputs lives in the project."""
    return project.MODELS / f"helpline-{inputs_hash()}.tar.gz"


def ensure_model(force: bool = False) -> Path:
    """Return an up-to-date model, training it only if neither models/ nor the cache has it."""
    target = model_path()
    cached = cache_dir() / target.name
    if not force and target.exists():
        return target
    project.MODELS.mkdir(parents=True, exist_ok=True)
    if not force and cached.exists():
        shutil.copy2(cached, target)
        print(f"Model up to date (from cache): {target.relative_to(project.ROOT)}")
        return target
    print(f"Training {target.name} (config, domain or data changed) ...", flush=True)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                sys.executable, "-m", "rasa", "train",
                "--config", str(project.CONFIG),
                "--domain", str(project.DOMAIN),
                "--data", str(project.DATA),
                "--out", out,
                "--fixed-model-name", target.name.removesuffix(".tar.gz"),
            ],
            check=True,
            cwd=project.ROOT,
            env=project.rasa_environment(),
        )
        trained = Path(out) / target.name
        shutil.move(str(trained), target)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, cached)
    except OSError as error:  # a read-only home must not stop the bot
        print(f"Note: could not cache the model ({error})")
    print(f"Model trained: {target.relative_to(project.ROOT)}")
    return target
