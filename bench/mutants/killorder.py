"""A pytest plugin for bench/mutants/run.py: a mutant's tests run the likeliest killers first.

mutmut hands each mutant the tests that cover its function as a set, so pytest ran them in an
arbitrary order, scattered across modules (module fixtures built again and again), and a mutant that
the 200th test kills ran 199 tests first. With this plugin, in each run of a mutant:
- the tests that killed earlier mutants of the same function run first (most kills first), then
  those that killed mutants of the same module, then the rest grouped by file, in file order;
- the test that fails is appended to the kill log, so the order improves as the run goes.
The log (MUTANTS_KILL_LOG, one `function<TAB>test id` per line) lives beside mutmut's cache and
only steers the order: the verdicts are mutmut's. Loaded through PYTEST_PLUGINS (not mutmut's
pytest arguments, whose change would make mutmut forget every verdict); never part of the suite.
"""
from __future__ import annotations

import os
from collections import Counter

_SEP = "__mutmut_"


def _mutant() -> str | None:
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    return name if _SEP in name else None


def _log() -> str | None:
    return os.environ.get("MUTANTS_KILL_LOG") or None


def _function(mutant: str) -> str:
    return mutant.rsplit(_SEP, 1)[0]


def _module(function: str) -> str:
    return function.rsplit(".", 1)[0]


def pytest_collection_modifyitems(session, config, items) -> None:
    mutant, log = _mutant(), _log()
    if not mutant or not log:
        return
    function = _function(mutant)
    module = _module(function)
    same_function: Counter[str] = Counter()
    same_module: Counter[str] = Counter()
    try:
        with open(log, encoding="utf-8") as f:
            for line in f:
                fn, _, test = line.rstrip("\n").partition("\t")
                if fn == function:
                    same_function[test] += 1
                elif _module(fn) == module:
                    same_module[test] += 1
    except FileNotFoundError:
        pass
    position = {id(item): k for k, item in enumerate(sorted(items, key=lambda it: it.nodeid))}
    items.sort(key=lambda it: (-same_function[it.nodeid], -same_module[it.nodeid], position[id(it)]))


def pytest_runtest_logreport(report) -> None:
    mutant, log = _mutant(), _log()
    if mutant and log and report.failed:
        # One short line in append mode: two children writing at once do not interleave.
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{_function(mutant)}\t{report.nodeid}\n")
