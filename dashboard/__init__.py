"""Shared code of the dashboard: settings, database access, filters, queries, charts and UI helpers.

Only `dashboard.ui` imports streamlit; `charts` imports pandas, altair and pydeck only.
"""
