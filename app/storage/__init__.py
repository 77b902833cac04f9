"""SQLAlchemy models, sessions and migrations (no Qt)."""

from __future__ import annotations

import sys


def _import_sqlalchemy_without_ssl() -> None:
    """Import SQLAlchemy without letting asyncio load the ssl module.

    SQLAlchemy imports asyncio for its async extension (not used here) and asyncio imports ssl,
    which maps OpenSSL's libcrypto: about 2 MB of the GUI's memory for nothing. asyncio is
    written to work without ssl. The block lasts only for this import: anything that needs ssl
    later (a PostgreSQL driver, say) imports it as usual.
    """
    if "ssl" in sys.modules or "sqlalchemy" in sys.modules:
        return
    sys.modules["ssl"] = None  # type: ignore[assignment]  # makes `import ssl` fail
    try:
        import sqlalchemy.util  # noqa: F401
    finally:
        del sys.modules["ssl"]


_import_sqlalchemy_without_ssl()
