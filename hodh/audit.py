"""The audit log: OUT/audit.jsonl, one JSON object per run, published or refused.

Append-only, as the ACPO minutes ask for an audit trail: each record is one line, written
with a single append under an exclusive lock and flushed to disk before the run ends, so
two runs writing at once never interleave and a line, once written, is never rewritten.
"""

import fcntl
import json
import os
from pathlib import Path
from typing import Any

AUDIT_LOG = "audit.jsonl"


def append_record(out_dir: Path, record: dict[str, Any]) -> None:
    """Append one record to OUT/audit.jsonl (created on first use) and fsync it."""
    line = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
    descriptor = os.open(out_dir / AUDIT_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.fchmod(descriptor, 0o640)  # the group may read it, never everyone, whatever the umask
        # O_APPEND puts each write at the end; the lock keeps a line whole even if the
        # kernel splits the write.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        view = memoryview(line)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
