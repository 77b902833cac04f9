"""A cache of the validated catalog, so start-up does not parse the YAML files every time.

The cache key covers every catalog file's path, size and modification time and the program
version: any edit to a file (or a new release) makes a fresh parse and validation.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from app import __version__
from app.core.catalog import Catalog
from app.core.catalog_loader import load_catalog, shipped_root
from app.paths import data_dir


def _fingerprint(root: Path) -> str:
    h = hashlib.sha256(f"{__version__}|{root.resolve()}".encode())
    for path in sorted(root.rglob("*.yaml")):
        st = path.stat()
        h.update(f"|{path.relative_to(root).as_posix()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def load(root: Path | None = None) -> Catalog:
    """The catalog under `root`, from the cache when the files are unchanged."""
    root = root or shipped_root()
    try:
        key = _fingerprint(root)
    except OSError:
        return load_catalog(root)  # the loader reports the missing folder
    folder = data_dir() / "cache"
    cached = folder / f"catalog-{key}.pickle"
    try:
        with cached.open("rb") as fh:
            cat = pickle.load(fh)
        if isinstance(cat, Catalog):
            return cat
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    cat = load_catalog(root)  # raises CatalogError, nothing is cached
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(cat, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cached)
    except OSError:
        pass  # a cache is optional
    return cat
