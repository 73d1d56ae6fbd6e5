"""A pytest plugin for bench/mutants/run.py: vl-convert made safe to call in a forked process.

mutmut runs each mutant's tests in a process forked from one warm pytest process. vl-convert (the
brief's chart renderer, Rust with its own thread pool) deadlocks in a forked child once the parent
has used it: the child waits forever and mutmut counts a time-out, a kill that proves nothing. With
this plugin every `vl_convert.vegalite_to_svg` call runs in a fresh Python process (the same fonts
registered, the same arguments), so the tests see the same SVG. Loaded with `-p forksafe` and
bench/mutants on PYTHONPATH; never part of the test suite.
"""
from __future__ import annotations

import json
import subprocess
import sys

_FONT_DIRS: list[str] = []
_CHILD = """
import json, sys
import vl_convert as vlc
job = json.load(sys.stdin)
for folder in job["fonts"]:
    vlc.register_font_directory(folder)
sys.stdout.write(vlc.vegalite_to_svg(job["spec"], **job["kwargs"]))
"""


def pytest_configure(config):
    import vl_convert

    def register_font_directory(folder: str) -> None:
        if folder not in _FONT_DIRS:
            _FONT_DIRS.append(folder)

    def vegalite_to_svg(spec, **kwargs) -> str:
        done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=False,
                              input=json.dumps({"spec": spec, "kwargs": kwargs, "fonts": _FONT_DIRS}))
        if done.returncode != 0:
            raise ValueError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "vl-convert failed")
        return done.stdout

    vl_convert.register_font_directory = register_font_directory
    vl_convert.vegalite_to_svg = vegalite_to_svg
