"""Scores `python -m etl propose` on the labelled articles of tests/fixtures/articles.

Each article has the rows a careful analyst would extract beside it (NAME.expected.jsonl);
tests/fixtures/articles/index.json gives each one's --published date and the events held out of
the scoring database (so that their articles are news, not duplicates). A proposal matches an
expected row when, for an event, the start date, the countries and the place are the same; for a
trade figure, the reporter, partner, period and flow are the same and the value is within 1%.

    .venv/bin/python tests/curation/score.py          # builds a scoring database in a temp folder

prints recall, precision and the duplicates flagged, article by article.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from etl.build import run as build_run  # noqa: E402
from etl.dates import parse_iso  # noqa: E402
from etl.propose import load_gazetteer, propose, read_article  # noqa: E402

ARTICLES = ROOT / "tests" / "fixtures" / "articles"
CURATED = ROOT / "data" / "curated"


def index() -> dict:
    return json.loads((ARTICLES / "index.json").read_text(encoding="utf-8"))


def build_scoring_db(directory: Path, holdout: list[str]) -> Path:
    """data/curated without the held-out events (and every row that names them), built to a DB."""
    curated = directory / "curated"
    shutil.copytree(CURATED, curated)
    for path in sorted(curated.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        if "event_id" not in header:
            continue
        col = header.index("event_id")
        kept = [header] + [r for r in rows[1:] if r[col] not in holdout]
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(kept)
    db = directory / "score.duckdb"
    err = io.StringIO()
    if build_run(curated, directory / "no-imports", db, out=io.StringIO(), err=err) != 0:
        raise RuntimeError(f"scoring database did not build:\n{err.getvalue()}")
    return db


def matches(expected: dict, proposed: dict) -> bool:
    if expected["kind"] != proposed["kind"]:
        return False
    if expected["kind"] == "event":
        return (expected["start_date"] == proposed["start_date"]
                and sorted(expected["countries"]) == sorted(proposed["countries"])
                and expected.get("place_id") == proposed.get("place_id"))
    same = all(expected[k] == proposed[k] for k in ("reporter_iso3", "partner_iso3", "period_start",
                                                     "period_end", "flow"))
    return same and abs(proposed["value"] - expected["value"]) <= 0.01 * expected["value"]


@dataclass
class Score:
    expected: int = 0
    proposed: int = 0
    matched: int = 0
    duplicates: int = 0            # expected rows naming an existing event
    duplicates_flagged: int = 0    # ... whose matched proposal names the same event
    false_duplicates: int = 0      # proposals naming an event where the analyst found none
    lines: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0


def score(db: Path) -> Score:
    meta = index()
    result = Score()
    warnings: list[str] = []
    gazetteer, con = load_gazetteer(db, CURATED, warnings)
    try:
        for name, info in sorted(meta["articles"].items()):
            path = ARTICLES / name
            expected = [json.loads(line) for line in
                        path.with_name(path.name.rsplit(".", 1)[0] + ".expected.jsonl").read_text(
                            encoding="utf-8").splitlines() if line.strip()]
            proposed = propose(read_article(path), parse_iso(info.get("published")), gazetteer, con, [])
            free = list(proposed)
            hit = 0
            for e in expected:
                p = next((p for p in free if matches(e, p)), None)
                if e.get("duplicate_of"):
                    result.duplicates += 1
                if p is None:
                    result.lines.append(f"  missed  {name}: {json.dumps(e, ensure_ascii=False)}")
                    continue
                free.remove(p)
                hit += 1
                if e["kind"] == "event":
                    if e.get("duplicate_of") and p.get("duplicate_of") == e["duplicate_of"]:
                        result.duplicates_flagged += 1
                    elif e.get("duplicate_of"):
                        result.lines.append(f"  duplicate not flagged  {name}: {e['duplicate_of']} "
                                            f"(proposed {p.get('duplicate_of')})")
                    elif p.get("duplicate_of"):
                        result.false_duplicates += 1
                        result.lines.append(f"  false duplicate  {name}: {p['duplicate_of']}")
            for p in free:
                short = {k: p[k] for k in p if k not in ("evidence", "evidence_start", "evidence_end", "title")}
                result.lines.append(f"  extra   {name}: {json.dumps(short, ensure_ascii=False)}")
            result.expected += len(expected)
            result.proposed += len(proposed)
            result.matched += hit
            result.lines.append(f"{name}: expected {len(expected)}, proposed {len(proposed)}, matched {hit}")
    finally:
        if con is not None:
            con.close()
    return result


def report(s: Score) -> str:
    return "\n".join(s.lines + [
        f"articles: {len(index()['articles'])}; expected rows: {s.expected}; proposed: {s.proposed}; matched: {s.matched}",
        f"recall {s.recall:.1%}  precision {s.precision:.1%}  duplicates flagged "
        f"{s.duplicates_flagged}/{s.duplicates}  false duplicates {s.false_duplicates}"])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = build_scoring_db(Path(tmp), index()["holdout"])
        print(report(score(db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
