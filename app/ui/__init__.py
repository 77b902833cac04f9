"""The desktop program (PySide6 widgets): the only package that imports Qt."""

from __future__ import annotations

import linecache
import sys

import PySide6.QtCore  # noqa: F401  # installs PySide6's import hook, patched below


def _keep_linecache_small() -> None:
    """Stop PySide6's import hook from filling linecache with every module's source.

    For each module imported after PySide6, the hook calls inspect.getsource to see whether the
    module uses PySide; linecache then keeps that text for good (about 20 MB at start-up). The
    wrapper below drops what the check added. A traceback reads the lines it needs again.
    """
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "_ancha_wrapped", False):
        return

    def uses_pyside(module: object) -> bool:
        before = set(linecache.cache)
        try:
            return bool(check(module))
        finally:
            for key in set(linecache.cache) - before:
                linecache.cache.pop(key, None)

    uses_pyside._ancha_wrapped = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_keep_linecache_small()
