"""ETL: curated CSV tables and analysts' UN Comtrade exports -> validated DuckDB database.

Run `python -m etl build`. Imports duckdb and pandas, never streamlit or the dashboard package.
"""
