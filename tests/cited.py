"""Test helper: the sources behind a given set of source ids, and the sources those reprint, through
the app's own part (dashboard/queries/parts/sources_of_cited.sql). The oracle the sources_for_*
queries are held to; the app itself never asks for sources by id.
"""
from __future__ import annotations

import pandas as pd

from dashboard import db, queries

SOURCES_FOR = """with cited as (
    select unnest($source_ids::varchar[]) as source_id
)
select * from /*@sources_of_cited*/ as s
order by s.source_id"""


def sources_for(con, source_ids) -> pd.DataFrame:
    return db.run(con, queries.expand(SOURCES_FOR), {"source_ids": list(source_ids)}, name="sources_for")
