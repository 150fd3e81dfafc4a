"""`make mutation`: mutation testing of the modules that carry the law's rules, one module at a time.

    .venv/bin/python tests/mutation.py                       # all five modules, then the summary table
    .venv/bin/python tests/mutation.py portal/workdays.py    # one module
    .venv/bin/python tests/mutation.py --survivors portal/workdays.py   # also print each surviving mutant's diff

Each module is mutated by mutmut (pinned in pyproject's dev extra) and every mutant runs against the test files
that exercise that module (`MODULES` below; mutmut then narrows that to the tests that call the mutated function).
The run works in ./mutants (git-ignored) and starts afresh for each module, so a figure never mixes results of
older tests. Equivalent mutants that remain are explained in tests/MUTATION.md.

mutmut 3 leaves decorated functions alone, because copying a decorator like `@app.route` for each mutant would
register it many times. `@transaction.atomic` has no such side effect: wrapping a copy in its own transaction (a
savepoint inside the trampoline's) changes nothing a test can see. So this runner lets mutmut mutate functions
whose only decorator is `transaction.atomic` — the workflow's steps — and nothing else changes in mutmut.

Each mutant runs in a process mutmut forks after its first pytest session; `pytest_configure` below makes that
session's migrated test database the starting point of every mutant's run, instead of migrating again each time.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Module → the test files that exercise it.
MODULES: dict[str, list[str]] = {
    "applications/deadlines.py": [
        "tests/applications/test_deadlines.py",
        "tests/applications/test_deadline_guards.py",
    ],
    "portal/workdays.py": [
        "tests/portal/test_workdays.py",
        "tests/portal/test_workday_guards.py",
    ],
    "catalog/excel/elements.py": [
        "tests/catalog/test_element_words.py",
    ],
    "feedback/callbacks.py": [
        "tests/feedback/test_callbacks.py",
        "tests/feedback/test_owners.py",
        "tests/feedback/test_callback_guards.py",
    ],
    "applications/workflow.py": [
        "tests/applications/test_workflow.py",
        "tests/applications/test_workflow_guards.py",
        # The steps of the running clock (deliveries, deferrals) and of the reply's parts are tested beside the
        # rules they carry out.
        "tests/applications/test_clock.py",
        "tests/applications/test_notices.py",
        "tests/applications/test_withheld_parts.py",
        "tests/applications/test_excessive_requests.py",
        "tests/applications/test_per_item_count.py",
        # The admin and the citizen's pages upload the reply's and the correction's files. (Never a module with
        # transactional tests: their flush would empty the test database every mutant's run starts from.)
        "tests/applications/test_admin.py",
        "tests/applications/test_public.py",
    ],
}

# Files the Django project needs beside the mutated packages to run its tests from ./mutants.
ALSO_COPY = ["manage.py", "templates", "fixtures", "static"]
SOURCE_PATHS = ["portal", "catalog", "applications", "feedback"]

KILLED = {"killed", "timeout", "segfault", "caught by type check"}
# A mutant no selected test reaches ("no tests") or that made a test hang oddly ("suspicious") counts as not killed.
NOT_COUNTED = {"not checked", "skipped", "check was interrupted by user"}


def _allow_atomic_steps() -> None:
    """Let mutmut mutate functions decorated only with `@transaction.atomic` (see the module docstring)."""
    import libcst as cst
    from mutmut.mutation import file_mutation

    original = file_mutation.MutationVisitor._skip_node_and_children

    def is_atomic(decorator: cst.Decorator) -> bool:
        expr = decorator.decorator
        return (isinstance(expr, cst.Attribute) and expr.attr.value == "atomic"
                and isinstance(expr.value, cst.Name) and expr.value.value == "transaction")

    def skip(self, node):
        if isinstance(node, cst.FunctionDef) and node.decorators and all(map(is_atomic, node.decorators)):
            bare = original(self, node.with_changes(decorators=[]))
            position = self.get_metadata(file_mutation.PositionProvider, node, None)
            pragma = position is not None and position.start.line in self._ignored_node_lines
            return bare or pragma
        return original(self, node)

    file_mutation.MutationVisitor._skip_node_and_children = skip


def pytest_configure(config) -> None:
    """As a pytest plugin (`-p tests.mutation`, only in these runs): build the test database once, in mutmut's
    first pytest session, and keep it. Each mutant runs in a process forked from that one, so it starts from a
    copy of the migrated in-memory SQLite database instead of migrating afresh (16 s a mutant on a busy machine).
    Every test still runs in a transaction that is rolled back, as in a normal run."""
    from django.test import utils

    setup, kept = utils.setup_databases, []

    def setup_once(*args, **kwargs):
        if not kept:
            kept.append(setup(*args, **kwargs))
        return kept[0]

    utils.setup_databases = setup_once
    utils.teardown_databases = lambda *args, **kwargs: None


def _configure(module: str) -> None:
    """mutmut reads [tool.mutmut] from pyproject.toml; this run's module and tests are given here instead."""
    from mutmut import configuration

    base = configuration._config_reader
    settings = {
        "source_paths": SOURCE_PATHS,
        "only_mutate": [module],
        "also_copy": ALSO_COPY,
        "pytest_add_cli_args_test_selection": [path for path in MODULES[module] if (ROOT / path).exists()],
        "pytest_add_cli_args": ["-p", "no:randomly", "-p", "tests.mutation"],
        "use_git_change_detection": False,
    }

    def reader():
        fallback = base()
        return lambda key, default: settings.get(key, fallback(key, default))

    configuration._config_reader = reader


def run_one(module: str, max_children: int) -> None:
    """Run mutmut on one module in this process (called in a child process per module)."""
    os.chdir(ROOT)
    _allow_atomic_steps()
    _configure(module)
    from mutmut.__main__ import cli

    sys.argv = ["mutmut", "run", "--max-children", str(max_children)]
    cli()


def results(module: str) -> dict[str, int]:
    """Counts per outcome for the module's mutants, read from mutmut's metadata file."""
    from mutmut.stats import status_by_exit_code

    meta = json.loads((ROOT / "mutants" / f"{module}.meta").read_text())
    counts: dict[str, int] = {}
    for exit_code in meta["exit_code_by_key"].values():
        status = status_by_exit_code[exit_code]
        counts[status] = counts.get(status, 0) + 1
    return counts


def show_survivors(module: str) -> None:
    """Print the diff of each mutant of `module` that no test killed."""
    os.chdir(ROOT)
    _configure(module)
    from mutmut.__main__ import cli

    for name in survivors(module):
        sys.argv = ["mutmut", "show", name]
        with contextlib.suppress(SystemExit):
            cli()


def survivors(module: str) -> list[str]:
    from mutmut.stats import status_by_exit_code

    meta = json.loads((ROOT / "mutants" / f"{module}.meta").read_text())
    return sorted(key for key, code in meta["exit_code_by_key"].items()
                  if status_by_exit_code[code] not in KILLED | NOT_COUNTED)


def main(argv: list[str]) -> int:
    show = "--survivors" in argv
    modules = [arg for arg in argv if not arg.startswith("--")] or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        print(f"unknown module(s) {unknown}; choose from {list(MODULES)}", file=sys.stderr)
        return 2
    max_children = int(os.environ.get("MUTATION_WORKERS", "2"))
    rows = []
    for module in modules:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, __file__, "--one", module, str(max_children)], cwd=ROOT, check=False,
            stdout=subprocess.DEVNULL if not os.environ.get("MUTATION_VERBOSE") else None,
        )
        minutes = (time.monotonic() - started) / 60
        counts = results(module)
        killed = sum(n for status, n in counts.items() if status in KILLED)
        counted = sum(n for status, n in counts.items() if status not in NOT_COUNTED)
        share = 100 * killed / counted if counted else 0.0
        rows.append((module, killed, counted, share, minutes, counts))
        print(f"{module}: {killed}/{counted} killed ({share:.1f} %) in {minutes:.1f} min {counts}", flush=True)
        if show:
            subprocess.run([sys.executable, __file__, "--show", module], cwd=ROOT, check=False)
    print()
    print("| module | killed | mutants | % killed | minutes |")
    print("|---|---|---|---|---|")
    for module, killed, counted, share, minutes, _counts in rows:
        print(f"| {module} | {killed} | {counted} | {share:.1f} | {minutes:.0f} |")
    return 0 if all(row[3] >= 90 for row in rows) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["--show"]:
        show_survivors(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
