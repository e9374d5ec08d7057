"""dbt's parse of the project, paid once per version of the project rather than on every run.

dbt parses the whole project before it builds anything (seconds, a third of a small run)
and keeps the result in target/partial_parse.msgpack. Each run has its own target/, so
each run would parse again. The runs share one copy instead, in WORK/.dbt-parse/: a run
starts from it and leaves its own behind. The copy is kept under a fingerprint of every
file dbt parses, so it is only ever reused for the very same files (dbt then reparses
nothing); after any change to the project the next run parses in full, as before.

dbt itself still checks what else a parse depends on (the vars, the profile's connection
settings, its version) and parses in full when any differs: the runs keep those stable
(the raw folder reaches dbt as a session variable, not a var; the warehouse path is the
same relative name in every run folder).
"""

import hashlib
import logging
import os
import shutil
from importlib.metadata import version
from pathlib import Path

from hodh import PROJECT_DIR

PARSE_FILE = "partial_parse.msgpack"
# Everything dbt reads when it parses the project.
PARSED = ("dbt_project.yml", "profiles", "models", "macros", "seeds", "tests/dbt")

log = logging.getLogger(__name__)


def project_fingerprint(project_dir: Path = PROJECT_DIR) -> str:
    """A hash of dbt's version and of the name and content of every file dbt parses."""
    # dbt's version from the installed package's metadata: importing dbt to ask would cost
    # a second before every run, including those refused at once for a missing key.
    digest = hashlib.sha256(version("dbt-core").encode())
    for top in PARSED:
        root = project_dir / top
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def restore(cache_dir: Path, target_dir: Path, fingerprint: str) -> bool:
    """Put the parse kept for this fingerprint into target_dir; False when there is none."""
    kept = cache_dir / f"{fingerprint}.msgpack"
    if not kept.is_file():
        return False
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept, target_dir / PARSE_FILE)
    return True


def keep(cache_dir: Path, target_dir: Path, fingerprint: str) -> None:
    """Keep target_dir's parse for later runs of the same project files, replacing any
    parse of other files. Renamed into place, so a run reading it never sees half a file;
    a failure here costs the next run a full parse, never this run."""
    parsed = target_dir / PARSE_FILE
    if not parsed.is_file():
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cache_dir / f".{fingerprint}.{os.getpid()}.partial"
        shutil.copyfile(parsed, partial)
        os.replace(partial, cache_dir / f"{fingerprint}.msgpack")
        for old in cache_dir.glob("*.msgpack"):
            if old.stem != fingerprint:
                old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("dbt's parse was not kept for later runs (%s)", error.strerror)
