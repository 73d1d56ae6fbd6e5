"""Brief fixtures: a copy of the fixture database whose cited sources carry hostile titles and
publishers (quotes, braces, %, &, a backslash, Cyrillic, Chinese), one with no URL and no date."""
from __future__ import annotations

import csv
import shutil

import pytest

from hostile import HOSTILE
from tests.conftest import FIXTURE_CURATED, build_fixture_db



@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "curated"
    shutil.copytree(FIXTURE_CURATED, data)
    path = data / "sources.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["source_id"] in HOSTILE:
            title, publisher = HOSTILE[row["source_id"]]
            row["title"] = title
            row["publisher"] = publisher or ""
            if publisher is None:                        # no publisher, address or date at all
                row.update(url="", published_date="", date_precision="")
                row["notes"] = "stored copy lacks its address and date"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return build_fixture_db(folder, data_dir=data)
