"""UI layer: what the pages use of the database and of each other, the only dashboard package that
imports streamlit. Pages name a query (dashboard.queries) and hand it here.

  data     the cached read-only connection and cached results (load, count), timeouts
  downloads  a Query's rows as CSV or Parquet, the brief and citations, the map's layers
  sidebar  the shared filters, synced with the URL; filters() for every page
  widgets  captions, empty states, charts with their text alternative, bounded tables, money, event marks
  record   the event picker and an event's record
  links    citable links (?event=ID&vintage=ID): read, written, and checked against the data
  coverage the Sources page's coverage report (what the record covers, its gaps)
  changes  the What's new page's `since` choice and a changed row as text
  navigation  the one place that touches Streamlit's private page manager (pages/ beside app.py)
"""
from __future__ import annotations

from ..charts import money
from ..db import QueryTimeout   # app.py catches ui.QueryTimeout
from .data import OUTLINES_URL, TOO_SLOW, count, geo_outlines, guard, load, require_database, too_slow
from .changes import SINCE_DATE, row_text, since_choice
from .coverage import coverage_report
from .downloads import brief_downloads, download_brief, download_geojson, download_query
from .links import (current_vintage, event_record_linked, link_event, linked_event, partnerships_now, permalink,
                    vintage_note)
from .record import event_details, event_label, event_picker
from .sidebar import filters, sidebar_filters
from .widgets import (caption, chart, data_table, empty, event_marks, events_by_period, page_offset, rows_note,
                      served, table)

__all__ = ["OUTLINES_URL", "SINCE_DATE", "TOO_SLOW", "QueryTimeout", "current_vintage", "event_record_linked",
           "link_event", "linked_event", "partnerships_now", "permalink", "row_text", "since_choice", "vintage_note",
           "brief_downloads", "caption", "chart", "count", "coverage_report", "data_table",
           "download_brief", "download_geojson", "download_query", "empty", "event_details", "event_label",
           "event_marks", "event_picker", "events_by_period", "filters", "geo_outlines", "guard", "load",
           "money", "page_offset", "require_database", "rows_note", "served", "sidebar_filters", "table", "too_slow"]
