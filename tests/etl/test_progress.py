"""ETL progress: stages and bars on a terminal, nothing when the output is not one."""
from __future__ import annotations

import io
import re

import duckdb

from etl import progress
from etl.build import run


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_build_on_a_terminal_prints_its_stages_and_row_counts(tmp_path):
    from tests.conftest import FIXTURE_CURATED

    out = Terminal()
    try:
        assert run(FIXTURE_CURATED, tmp_path / "no-imports", tmp_path / "x.duckdb", out=out, err=io.StringIO()) == 0
    finally:
        progress.configure(None)
    text = out.getvalue()
    assert re.search(r"validating \d+ input files: exact path", text)
    assert re.search(r"loading events: [\d,]+ rows \(\d+\.\d s\)", text)
    assert "deriving event_rows" in text and "writing the database file" in text
    summary = text[text.index("built "):]   # the summary follows the stages, without their marks
    assert "\r" not in summary and "loading" not in summary and "events" in summary


def test_a_build_not_on_a_terminal_prints_only_its_summary(tmp_path):
    from tests.conftest import FIXTURE_CURATED

    out = io.StringIO()
    assert run(FIXTURE_CURATED, tmp_path / "no-imports", tmp_path / "x.duckdb", out=out, err=io.StringIO()) == 0
    text = out.getvalue()
    assert text.startswith("built ") and "loading" not in text and "\r" not in text


def test_a_long_step_draws_a_bar_then_ends_with_its_line(monkeypatch):
    monkeypatch.setattr(progress, "BAR_AFTER_S", 0.05)
    out = Terminal()
    progress.configure(out)
    try:
        con = duckdb.connect()
        with progress.step("summing", con) as done:
            con.execute("select sum(i * i) from range(300000000) t(i)").fetchall()
            done.note = "one sum"
    finally:
        progress.configure(None)
    text = out.getvalue()
    assert re.search(r"summing +\[[#. ]{24}\]", text), text[:300]
    assert re.search(r"summing: one sum \(\d+\.\d s\)\n$", text)


def test_bar_shapes():
    assert progress.bar(0.5, 3.0).startswith("[" + "#" * 12 + "." * 12 + "]") and "50%" in progress.bar(0.5, 3.0)
    assert progress.bar(None, 1.0).count("#") == 1 and len(progress.bar(None, 9.9).split("]")[0]) == 25
