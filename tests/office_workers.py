"""Worker processes for the shared-database tests (run with multiprocessing, spawn)."""

from __future__ import annotations

import os
import random
import time
import uuid
from pathlib import Path

from app.core.errors import AnchaError, ConflictError
from app.core.findings import TRANSITIONS, Status


def start_together(gate: str, workers: int, seed: int) -> None:
    """Each worker says it is ready, then waits for the others: a stale read needs another
    writer at work meanwhile, and a worker that starts late (process start-up) finds the others
    done. Synchronisation only; nothing is timed."""
    folder = Path(gate)
    (folder / f"ready-{seed}").touch()
    deadline = time.monotonic() + 120
    while len(list(folder.glob("ready-*"))) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError("the other workers never started")
        time.sleep(0.002)


def lifecycle_worker(
    url: str, ids: list[str], rounds: int, seed: int, use_base: bool, gate: str, workers: int
) -> dict[str, int]:
    """Read a hazard, dawdle, then try the move that was legal when read (a stale read)."""
    from app.services import findings
    from app.services.workspace import Workspace

    os.environ["ANCHA_USER"] = f"worker{seed}"
    ws = Workspace(url, upgrade=False)
    start_together(gate, workers, seed)
    rng = random.Random(seed)
    done = refused = conflicts = 0
    for _ in range(rounds):
        fid = uuid.UUID(rng.choice(ids))
        f = findings.get_finding(ws, fid)
        moves = [a for (st, a) in TRANSITIONS if st is Status(f.status)]
        if not moves:
            continue
        act = rng.choice(moves)
        time.sleep(rng.random() * 0.01)
        try:
            findings.transition(
                ws,
                fid,
                act,
                {"accepted_by": "王", "accepted_on": f.found_on} if act.value == "accept" else None,
                expected_status=f.status if use_base else None,
            )
            done += 1
        except ConflictError:
            conflicts += 1
        except AnchaError:
            refused += 1
    ws.close()
    return {"done": done, "refused": refused, "conflicts": conflicts}


def edit_worker(
    url: str, ids: list[str], rounds: int, seed: int, use_base: bool, gate: str, workers: int
) -> dict[str, int]:
    """Read a field, then write a new value computed from it."""
    from app.services import findings
    from app.services.workspace import Workspace

    os.environ["ANCHA_USER"] = f"editor{seed}"
    ws = Workspace(url, upgrade=False)
    start_together(gate, workers, seed)
    rng = random.Random(seed)
    done = conflicts = 0
    for i in range(rounds):
        fid = uuid.UUID(rng.choice(ids))
        f = findings.get_finding(ws, fid)
        seen = f.location
        time.sleep(rng.random() * 0.005)
        try:
            findings.update_finding(
                ws, fid, {"location": f"部位{seed}-{i}"}, base={"location": seen} if use_base else None
            )
            done += 1
        except ConflictError:
            conflicts += 1
    ws.close()
    return {"done": done, "conflicts": conflicts}


def number_worker(url: str, inspection_id: str, count: int, seed: int) -> list[str]:
    """Take `count` 责令限期整改指令书 numbers for one inspection, as fast as possible."""
    from app.core.documents import DocKind
    from app.services import settings
    from app.services.workspace import Workspace

    os.environ["ANCHA_USER"] = f"printer{seed}"
    ws = Workspace(url, upgrade=False)
    out = [
        settings.next_document_number(ws, DocKind.ORDER, 2027, inspection_id=uuid.UUID(inspection_id))
        for _ in range(count)
    ]
    ws.close()
    return out


def close_worker(url: str, finding_id: str, user: str) -> str:
    """Another user's window: move the hazard on and close it."""
    from app.core.findings import Action
    from app.services import findings
    from app.services.workspace import Workspace

    os.environ["ANCHA_USER"] = user
    ws = Workspace(url, upgrade=False)
    fid = uuid.UUID(finding_id)
    findings.update_finding(ws, fid, {"accepted_by": "王", "accepted_on": "2026-03-05"})
    for act in (Action.START, Action.SUBMIT, Action.ACCEPT):
        findings.transition(ws, fid, act)
    ws.close()
    return ws.user
