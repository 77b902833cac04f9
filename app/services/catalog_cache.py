"""A cache of the validated catalog, so start-up does not parse the YAML files every time.

The cache key covers every catalog file's path, size and modification time, the program
version and the shape of the catalog classes: any edit to a file, a new release or a changed
class makes a fresh parse and validation.

The cache is plain JSON read back into the catalog's own dataclasses (only those defined in
app.core.catalog), so a cache file written by someone else can at worst fail to load: it
cannot run code the way a pickle can.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from app import __version__
from app.core import catalog as catalog_types
from app.core.catalog import Catalog
from app.core.catalog_loader import load_catalog, shipped_root
from app.paths import data_dir, private_file

MAX_CACHE = 64 * 1024 * 1024


def _classes() -> dict[str, type]:
    return {
        name: obj
        for name, obj in vars(catalog_types).items()
        if isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == catalog_types.__name__
    }


def _shape() -> str:
    return "|".join(
        f"{name}:{','.join(f.name for f in dataclasses.fields(cls))}"
        for name, cls in sorted(_classes().items())
    )


def _fingerprint(root: Path) -> str:
    h = hashlib.sha256(f"{__version__}|{root.resolve()}|{_shape()}".encode())
    for path in sorted(root.rglob("*.yaml")):
        st = path.stat()
        h.update(f"|{path.relative_to(root).as_posix()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def encode(value: Any) -> Any:
    """Plain JSON values, with dataclasses, dates, tuples and dicts tagged."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$t": type(value).__name__, "f": fields}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache {type(value).__name__}")


def decode(value: Any, classes: dict[str, type] | None = None) -> Any:
    classes = classes if classes is not None else _classes()
    if isinstance(value, list):
        return [decode(v, classes) for v in value]
    if not isinstance(value, dict):
        return value
    if "$t" in value:
        cls = classes[value["$t"]]  # KeyError: not a catalog class
        return cls(**{k: decode(v, classes) for k, v in value["f"].items()})
    if "$d" in value:
        return dt.date.fromisoformat(value["$d"])
    if "$tuple" in value:
        return tuple(decode(v, classes) for v in value["$tuple"])
    if "$map" in value:
        return {decode(k, classes): decode(v, classes) for k, v in value["$map"]}
    raise ValueError("unknown tag")


def _object_hook(classes: dict[str, type]) -> Any:
    """`decode` for one JSON object as the parser meets it (innermost first), so the plain dicts
    and lists of a whole file never exist at once: less memory at start-up, and faster."""

    def hook(value: dict[str, Any]) -> Any:
        if "$t" in value:
            return classes[value["$t"]](**value["f"])  # KeyError: not a catalog class
        if "$d" in value:
            return dt.date.fromisoformat(value["$d"])
        if "$tuple" in value:
            return tuple(value["$tuple"])
        if "$map" in value:
            return {k: v for k, v in value["$map"]}
        if any(k.startswith("$") for k in value):
            raise ValueError("unknown tag")
        return value  # the fields of a "$t" object: the hook builds it one level up

    return hook


def _read(path: Path) -> Catalog | None:
    try:
        if path.stat().st_size > MAX_CACHE:
            return None
        cat = json.loads(path.read_text(encoding="utf-8"), object_hook=_object_hook(_classes()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # missing, damaged or foreign: parse the YAML files again
    return cat if isinstance(cat, Catalog) else None


def _cache_file(root: Path) -> Path:
    return data_dir() / "cache" / f"catalog-{_fingerprint(root)}.json"


def cached(root: Path | None = None) -> Catalog | None:
    """The catalog under `root` when its cache is current, else None (without parsing anything)."""
    try:
        return _read(_cache_file(root or shipped_root()))
    except OSError:
        return None


def load(root: Path | None = None) -> Catalog:
    """The catalog under `root`, from the cache when the files are unchanged."""
    root = root or shipped_root()
    try:
        cache_path = _cache_file(root)
    except OSError:
        return load_catalog(root)  # the loader reports the missing folder
    folder = cache_path.parent
    cat = _read(cache_path)
    if cat is not None:
        return cat
    cat = load_catalog(root)  # raises CatalogError, nothing is cached
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in [*folder.glob("catalog-*.pickle"), *folder.glob("catalog-*.json")]:
            old.unlink(missing_ok=True)
        tmp = cache_path.with_suffix(f".{os.getpid()}.tmp")
        with private_file(tmp) as fh:
            fh.write(json.dumps(encode(cat), ensure_ascii=False).encode("utf-8"))
        tmp.replace(cache_path)
    except (OSError, TypeError):
        pass  # a cache is optional
    return cat
