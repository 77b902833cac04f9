from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from app.core.catalog_loader import CatalogError
from app.services import catalog_cache

DATA = Path(__file__).resolve().parent / "data" / "catalog"


def test_cache_follows_file_edits(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(DATA, root)
    first = catalog_cache.load(root)
    again = catalog_cache.load(root)
    assert again.items.keys() == first.items.keys()
    some = next(iter(first.items.values()))
    gas = root / "sectors" / f"{some.sector_id}.yaml"
    if not gas.exists():
        gas = root / "common.yaml"
    text = gas.read_text(encoding="utf-8").replace(some.text, some.text + "（已修订）", 1)
    time.sleep(0.01)
    gas.write_text(text, encoding="utf-8")
    os.utime(gas)
    assert catalog_cache.load(root).items[some.id].text.endswith("（已修订）")


def test_broken_catalog_is_never_cached(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(DATA, root)
    (root / "sources.yaml").write_text("sources: [", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            catalog_cache.load(root)


def test_cache_reads_back_the_parsed_catalog_and_refuses_a_foreign_one(tmp_path: Path) -> None:
    """The cache file is read object by object into the catalog's own classes; it equals a
    fresh parse. A file naming another class or an unknown tag is not used: the YAML is parsed."""
    from app.core.catalog_loader import load_catalog

    root = tmp_path / "catalog"
    shutil.copytree(DATA, root)
    assert catalog_cache.cached(root) is None  # nothing cached yet: no parse either
    parsed = catalog_cache.load(root)
    cached = catalog_cache.cached(root)
    assert cached is not None and cached is not parsed
    assert cached == parsed == load_catalog(root)
    cache_file = catalog_cache._cache_file(root)
    text = cache_file.read_text(encoding="utf-8")
    for bad in (text.replace('"$t": "Item"', '"$t": "Popen"', 1), text.replace('"$d"', '"$x"', 1)):
        assert bad != text
        cache_file.write_text(bad, encoding="utf-8")
        assert catalog_cache.cached(root) is None
        assert catalog_cache.load(root) == parsed  # parsed again and the cache rewritten
        assert catalog_cache.cached(root) == parsed
        text = cache_file.read_text(encoding="utf-8")
