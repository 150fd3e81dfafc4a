"""`make run` starts the task worker beside runserver and stops it when runserver stops. The recipe runs with a
stand-in for Python that records the worker's process and lets runserver end at once (`-o demo`: no migrate, no
demo data); CI's smoke test of the real `make run` (.ci/run) then has the real worker finish a task."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

STAND_IN = """#!/bin/sh
case "$2" in
  db_worker) echo $$ > "$RECORD/worker.pid"; echo "$@" > "$RECORD/worker.args"; exec sleep 120 ;;
  runserver) echo "$@" > "$RECORD/runserver.args"; sleep 1; exit 0 ;;
esac
exit 3
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_starts_the_worker_and_stops_it_with_runserver(tmp_path):
    python = tmp_path / "python"
    python.write_text(STAND_IN)
    python.chmod(0o755)
    finished = subprocess.run(
        ["make", "--no-print-directory", "-o", "demo", "run", f"PY={python}", "HOST=127.0.0.1:8999"],
        cwd=ROOT, env={**os.environ, "RECORD": str(tmp_path)}, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    pid = int((tmp_path / "worker.pid").read_text())
    assert (tmp_path / "worker.args").read_text().split() == ["manage.py", "db_worker", "--no-reload"]
    assert (tmp_path / "runserver.args").read_text().split() == ["manage.py", "runserver", "127.0.0.1:8999"]
    assert f"进程号 {pid}" in finished.stdout
    for _ in range(20):
        if not alive(pid):
            break
        time.sleep(0.1)
    assert not alive(pid), "the worker outlived runserver"
