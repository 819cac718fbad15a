"""Coverage-guided fuzzing of the extractors with atheris (libFuzzer).

    python -m tests.fuzz.run --seconds 60            # every extractor kind, 60 s each
    python -m tests.fuzz.run --seconds 600 toml-key  # one kind (see --list)
    python -m tests.fuzz.run --runs 3000 all         # one process, every kind, by input count

Each kind runs in its own process (libFuzzer owns the process it runs in), seeded with the
valid files of tests/hostile/seeds.py. An input that raises is written to tests/fuzz/crashes/
as ``KIND-crash-HASH``; tests/fuzz/test_crashes.py replays every file there, so a crash found
once stays a regression test. Prints the executions per kind.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CRASHES = Path(__file__).parent / "crashes"


def fuzz_one(kind: str, argv: list[str]) -> None:
    """In the child: instrument mirror_audit, then hand the process to libFuzzer."""
    import atheris

    with atheris.instrument_imports(include=["mirror_audit"]):
        from mirror_audit import extract
        from tests.fuzz import targets

        for name in targets.KINDS:
            extract.extractor_for(name)  # lazy imports: load every extractor under instrumentation
    atheris.Setup([sys.argv[0], *argv], targets.target(kind))
    atheris.Fuzz()


def run(kind: str, seconds: int, runs: int) -> tuple[int, int]:
    """Fuzz one kind in a child process: (executions, exit code)."""
    from tests.fuzz import targets

    CRASHES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as corpus:
        for index, seed in enumerate(targets.seeds(kind)):
            Path(corpus, f"seed-{index}").write_bytes(seed)
        limit = [f"-runs={runs}"] if runs else [f"-max_total_time={seconds}"]
        argv = [
            corpus,
            *limit,
            f"-artifact_prefix={CRASHES}/{kind}-",
            "-max_len=4096",
            "-print_final_stats=1",
        ]
        child = subprocess.run(
            [sys.executable, "-m", "tests.fuzz.run", "--child", kind, *argv],
            capture_output=True,
            text=True,
            errors="replace",
        )
    done = re.search(r"stat::number_of_executed_units:\s*(\d+)", child.stderr)
    executions = int(done.group(1)) if done else 0
    if child.returncode != 0:
        sys.stderr.write(child.stderr[-4000:])
    return executions, child.returncode


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--child"]:
        fuzz_one(sys.argv[2], sys.argv[3:])
        return 0
    from tests.fuzz import targets

    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz.run", description=__doc__.split("\n")[1]
    )
    parser.add_argument(
        "kinds", nargs="*", help="extractor kinds (default: every one); 'all': one mixed run"
    )
    parser.add_argument("--seconds", type=int, default=60, help="per kind (default 60)")
    parser.add_argument("--runs", type=int, default=0, help="per kind, instead of --seconds")
    parser.add_argument("--list", action="store_true", help="list the kinds and exit")
    options = parser.parse_args(argv)
    if options.list:
        print("\n".join(["all", *targets.KINDS]))
        return 0
    failed = 0
    for kind in options.kinds or targets.KINDS:
        targets.target(kind)  # an unknown kind stops here, before any run
        executions, code = run(kind, options.seconds, options.runs)
        outcome = "CRASH (see tests/fuzz/crashes/)" if code else "ok"
        print(f"{kind}: {executions} executions, {outcome}")
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
