"""Shared code of the dashboard. A filter travels one corridor from the sidebar to SQL:

  ui.sidebar_filters() -> Filters (filters.py) -> queries.events(f, limit=...) -> Query (name + bound
  parameters; queries/events.sql, its filter rule in queries/parts/) -> ui.load(q), cached on
  (database, Query) -> db.query(con, q) -> DuckDB.

Only `dashboard.ui` imports streamlit; `queries` holds no connection; `charts` imports pandas,
altair and pydeck only.
"""
