"""Write the next migration from the models: python scripts/new_migration.py "short name".

Migrates a scratch SQLite database to head, then lets Alembic compare it with the models
and write app/storage/migrations/versions/NNNN_short_name.py (NNNN = head + 1). Review the
result: write enum codes out literally, and check CHECK constraints by hand (Alembic does
not compare them; tests/test_schema.py does).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from app.storage.db import Database, head_revision
from app.storage.migrate import config, run_upgrade


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{(Path(tmp) / 'head.db').as_posix()}")
        run_upgrade(db.engine)
        cfg = config()
        rev_id = f"{int(head_revision()) + 1:04d}"
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        db.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
