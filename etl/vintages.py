"""ETL layer: vintages and row-level changes. Compare a new build with the database it replaces.

Each build of new inputs is a vintage; the tables analysts follow are compared with the previous
database (attached READ_ONLY) row by row by key, inside DuckDB: hash each row per key, join the
hashes, and only for the keys whose hashes differ fetch the rows and unpivot their columns. The
history (vintages, changes, change_scope) is carried forward into every new database.
Imports duckdb and the ETL's own modules only.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from .tables import TABLES_BY_NAME

HISTORY_TABLES = ["vintages", "changes", "change_scope"]


@dataclass(frozen=True)
class Compared:
    """A table as the history compares it: its key, the columns compared (key first; curated
    columns only, never derived ones), and what the dashboard's filter reads of a row."""

    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    lists: frozenset[str]          # list (or list of struct) columns: their text is JSON
    countries: str                 # SQL over the row `r` and the scope joins: VARCHAR[]
    first_date: str                # DATE or NULL
    last_date: str                 # DATE or NULL (open-ended)
    label: str                     # VARCHAR: the row in a few words
    joins: str = ""                # joins the scope needs, on {db} tables
    source: str = "null::varchar"  # the row's source_id, when it has one


def _curated(name: str, *extra: str) -> tuple[tuple[str, ...], frozenset[str]]:
    table = TABLES_BY_NAME[name]
    cols = table.column_names + extra
    lists = {c.name for c in table.columns if c.kind in ("code_list", "text_list")} | set(extra)
    return cols, frozenset(lists)


def _compared(name: str, countries: str, first: str, last: str, label: str, joins: str = "",
              extra: tuple[str, ...] = ()) -> Compared:
    cols, lists = _curated(name, *extra)
    source = "r.source_id" if "source_id" in cols else "null::varchar"
    return Compared(name, TABLES_BY_NAME[name].key, cols, lists, countries, first, last, label, joins, source)


NO_DATE = "null::date"
PROJECT = "left join {db}infrastructure p on p.project_id = r.project_id"
# Events carry their countries, people (with their role) and sources folded into the row, so an
# event's change reads as one row ("countries: [KAZ] -> [KAZ, KGZ]") and a removed event keeps them.
COMPARED: tuple[Compared, ...] = (
    _compared("events", "r.countries", "r.start_date", "r.end_date", "r.title",
              extra=("countries", "people", "sources")),
    _compared("agreements", "r.parties", "ev.start_date", "ev.end_date", "r.title",
              "left join {db}events ev on ev.event_id = r.event_id"),
    _compared("places", "[r.country_iso3]", NO_DATE, NO_DATE, "r.name"),
    _compared("people", "[r.country_iso3]", NO_DATE, NO_DATE, "r.name"),
    _compared("posts", "[r.country_iso3]", "r.valid_from", "r.valid_to", "r.title"),
    _compared("partnerships", "['CHN', r.country_iso3]", "r.valid_from", "r.valid_to",
              "r.country_iso3 || ': ' || r.level"),
    _compared("infrastructure", "r.countries", NO_DATE, NO_DATE, "r.name"),
    _compared("infrastructure_milestones", "coalesce(p.countries, [])", "r.milestone_date", "r.milestone_date",
              "coalesce(p.name, r.project_id) || ': ' || r.status", PROJECT),
    _compared("infrastructure_route", "coalesce(p.countries, [])", NO_DATE, NO_DATE,
              "coalesce(p.name, r.project_id) || ' #' || r.seq || ': ' || r.place_id", PROJECT),
    _compared("trade", "[r.reporter_iso3, r.partner_iso3]", "r.period_start", "r.period_end",
              "r.reporter_iso3 || ' ' || r.flow || ' ' || r.partner_iso3 || ' ' || r.commodity_code || ', '"
              " || strftime(r.period_start, '%Y-%m-%d') || ' – ' || strftime(r.period_end, '%Y-%m-%d')"),
)

# The folded events: a temp table per side (its columns as in COMPARED[0]).
FOLD_EVENTS = """
create or replace temp table fold_{side}_events as
with c as (select event_id, list(country_iso3 order by country_iso3) as countries
           from {db}event_countries group by event_id),
     p as (select event_id, list({{'person_id': person_id, 'role_at_event': role_at_event}} order by person_id) as people
           from {db}event_people group by event_id),
     s as (select event_id, list(source_id order by source_id) as sources
           from {db}event_sources group by event_id)
select e.*, coalesce(c.countries, []) as countries, coalesce(p.people, []) as people,
       coalesce(s.sources, []) as sources
from {db}events e left join c using (event_id) left join p using (event_id) left join s using (event_id)
"""


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def key_sql(t: Compared, alias: str = "r") -> str:
    if len(t.key) == 1:
        return f"{alias}.{q(t.key[0])}"
    return " || '|' || ".join(f"cast({alias}.{q(c)} as varchar)" for c in t.key)


def text_sql(t: Compared, column: str, alias: str) -> str:
    ref = f"{alias}.{q(column)}"
    return f"cast(to_json({ref}) as varchar)" if column in t.lists else f"cast({ref} as varchar)"


def source(t: Compared, side: str, db: str) -> str:
    """The relation of the table's compared columns on one side."""
    frm = f"fold_{side}_events" if t.name == "events" else f"{db}{q(t.name)}"
    return f"(select {', '.join(q(c) for c in t.columns)} from {frm})"


@dataclass
class Previous:
    """What the build found where its database goes."""

    attached: bool = False
    vintage_id: str | None = None
    inputs_hash: str | None = None
    notes: list[str] = field(default_factory=list)
    keep_aside: Path | None = None      # hard-link the old file here before the swap


@dataclass
class Recorded:
    vintage_id: str
    parent_id: str | None
    new: bool                          # False: the inputs are those of the previous vintage
    counts: dict[str, int]             # change_kind -> rows changed (not lines)
    notes: list[str]
    keep_aside: Path | None
    seconds: float = 0.0               # the whole history step: copy, compare, record


def aside_path(db_path: Path, why: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = db_path.with_name(f"{db_path.name}.{why}-{stamp}")
    n = 2
    while path.exists():
        path = db_path.with_name(f"{db_path.name}.{why}-{stamp}-{n}")
        n += 1
    return path


def attach_previous(con, db_path: Path, schema_version: str) -> Previous:
    """Attach the database being replaced as `prev` (read-only) when it can be compared; otherwise
    say why in a note (and where an unreadable file, or one holding history we cannot carry, is kept)."""
    if not db_path.exists():
        return Previous(notes=[f"note: no previous database at {db_path}: a new history starts"])
    try:
        con.execute("attach ? as prev (read_only)", [str(db_path)])
    except duckdb.Error as err:
        aside = aside_path(db_path, "unreadable")
        return Previous(keep_aside=aside, notes=[
            f"note: the previous database {db_path} cannot be read ({_reason(err)}); it is kept as "
            f"{aside.name} and a new history starts"])
    try:
        tables = {r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'prev'").fetchall()}
        found = None
        if "build_info" in tables:
            row = con.execute("select value from prev.build_info where key = 'schema_version'").fetchone()
            found = row[0] if row else None
        if found != schema_version:
            has_history = "vintages" in tables
            aside = aside_path(db_path, f"schema{found}") if has_history and found else None
            aside = aside or (aside_path(db_path, "unreadable") if has_history else None)
            what = f"is schema {found}" if found else "is not a monitor database (no schema_version)"
            kept = f"; its history is kept in {aside.name}" if aside else ""
            _detach(con)
            return Previous(keep_aside=aside, notes=[
                f"note: the previous database {db_path} {what}, this build writes schema {schema_version}: "
                f"its rows are not compared and a new history starts{kept}"])
        row = con.execute("select b.value, v.inputs_hash from prev.build_info b "
                          "left join prev.vintages v on v.vintage_id = b.value "
                          "where b.key = 'vintage_id'").fetchone()
        return Previous(attached=True, vintage_id=row[0] if row else None, inputs_hash=row[1] if row else None)
    except duckdb.Error as err:
        _detach(con)
        aside = aside_path(db_path, "unreadable")
        return Previous(keep_aside=aside, notes=[
            f"note: the previous database {db_path} cannot be read ({_reason(err)}); it is kept as "
            f"{aside.name} and a new history starts"])


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _detach(con) -> None:
    try:
        con.execute("detach prev")
    except duckdb.Error:
        pass


def new_vintage_id(con, inputs_hash: str) -> str:
    """The first 12 hex digits of the inputs' hash; -2, -3, ... when that id is already in the
    history (the same inputs again, after others)."""
    base, n, vid = inputs_hash[:12], 1, inputs_hash[:12]
    while con.execute("select count(*) from vintages where vintage_id = ?", [vid]).fetchone()[0]:
        n += 1
        vid = f"{base}-{n}"
    return vid


def diff_table(con, t: Compared, vintage_id: str) -> None:
    """Record in `changes` and `change_scope` how table t differs between prev and the new build."""
    new_src, old_src = source(t, "new", ""), source(t, "old", "prev.")
    cols = ", ".join(f"r.{q(c)}" for c in t.columns)
    # 1. Keys whose rows differ: one hash per row on each side, joined on the key.
    con.execute(f"""
        create or replace temp table diff_keys as
        select coalesce(n._key, o._key) as _key,
               case when o._key is null then 'added' when n._key is null then 'removed' else 'changed' end as _change
        from (select {key_sql(t)} as _key, hash({cols}) as h from {new_src} r) n
        full join (select {key_sql(t)} as _key, hash({cols}) as h from {old_src} r) o on n._key = o._key
        where n._key is null or o._key is null or n.h <> o.h""")
    if con.execute("select count(*) from diff_keys").fetchone()[0] == 0:
        return
    # 2. Only those rows, from each side, with what the filter reads of them.
    for side, src, db, kinds in (("new", new_src, "", "('added', 'changed')"),
                                 ("old", old_src, "prev.", "('removed', 'changed')")):
        con.execute(f"""
            create or replace temp table diff_{side} as
            select d._key, d._change, {cols},
                   {t.countries} as _countries, {t.first_date} as _first, {t.last_date} as _last,
                   coalesce({t.label}, d._key) as _label, {t.source} as _source
            from diff_keys d join {src} r on {key_sql(t)} = d._key {t.joins.format(db=db)}
            where d._change in {kinds}""")
    whole = "{" + ", ".join(f"'{c}': r.{q(c)}" for c in t.columns) + "}"
    name = t.name.replace("'", "''")
    con.execute(f"""
        insert into changes
        select $v, '{name}', r._key, 'added', null, null, cast(to_json({whole}) as varchar)
        from diff_new r where r._change = 'added' order by r._key""", {"v": vintage_id})
    # 3. Changed rows: one line per column whose value differs (the key's columns cannot).
    per_column = " union all ".join(
        f"select n._key, {i} as pos, '{c}' as column_name, {text_sql(t, c, 'o')} as old_value, "
        f"{text_sql(t, c, 'n')} as new_value from diff_new n join diff_old o using (_key) "
        f"where n._change = 'changed' and o.{q(c)} is distinct from n.{q(c)}"
        for i, c in enumerate(t.columns) if c not in t.key)
    con.execute(f"""
        insert into changes
        select $v, '{name}', _key, 'changed', column_name, old_value, new_value
        from ({per_column}) order by _key, pos""", {"v": vintage_id})
    con.execute(f"""
        insert into changes
        select $v, '{name}', r._key, 'removed', null, cast(to_json({whole}) as varchar), null
        from diff_old r where r._change = 'removed' order by r._key""", {"v": vintage_id})
    con.execute(f"""
        insert into change_scope
        select $v, '{name}', s._key, s._change, s._countries, s._first, s._last, s._label, s._source
        from (select _key, _change, _countries, _first, _last, _label, _source from diff_new where _change = 'added'
              union all
              -- a changed row is in the filter's scope before and after the change
              select n._key, n._change, list_sort(list_distinct(list_concat(n._countries, o._countries))),
                     least(n._first, o._first),
                     case when n._last is null or o._last is null then null else greatest(n._last, o._last) end,
                     n._label, n._source
              from diff_new n join diff_old o using (_key)
              where n._change = 'changed' and exists (
                  select 1 from changes c where c.vintage_id = $v and c.table_name = '{name}' and c.row_key = n._key)
              union all
              select _key, _change, _countries, _first, _last, _label, _source from diff_old where _change = 'removed') s
        order by s._change, s._key""", {"v": vintage_id})


def record(con, db_path: Path, inputs_hash: str, schema_version: str) -> Recorded:
    """Carry the previous database's history into the new one (`con`), and when the inputs are new
    add a vintage and its changes. Never raises for a bad previous file: it notes it instead."""
    started = time.perf_counter()
    outcome = _record(con, db_path, inputs_hash, schema_version)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _record(con, db_path: Path, inputs_hash: str, schema_version: str) -> Recorded:
    prev = attach_previous(con, db_path, schema_version)
    if prev.attached:
        try:
            con.execute("begin")
            for name in HISTORY_TABLES:
                con.execute(f"insert into {name} select * from prev.{name}")  # names from HISTORY_TABLES
            outcome = _record_against(con, prev, inputs_hash)
            con.execute("commit")
            _detach(con)
            return outcome
        except duckdb.Error as err:
            con.execute("rollback")
            _detach(con)
            aside = aside_path(db_path, "unreadable")
            prev = Previous(keep_aside=aside, notes=[
                f"note: the previous database {db_path} could not be compared ({_reason(err)}); it is "
                f"kept as {aside.name} and a new history starts"])
    return _record_against(con, prev, inputs_hash)


def _record_against(con, prev: Previous, inputs_hash: str) -> Recorded:
    counts = {"added": 0, "changed": 0, "removed": 0}
    if prev.attached and prev.vintage_id and prev.inputs_hash == inputs_hash:
        vintage_id, new = prev.vintage_id, False
        parent = con.execute("select parent_id from vintages where vintage_id = ?", [vintage_id]).fetchone()[0]
    else:
        vintage_id, new = new_vintage_id(con, inputs_hash), True
        parent = prev.vintage_id if prev.attached else None
        con.execute("insert into vintages values (?, ?, ?, ?)",
                    [vintage_id, datetime.now(timezone.utc).replace(tzinfo=None), inputs_hash, parent])
        if prev.attached:
            con.execute(FOLD_EVENTS.format(side="new", db=""))
            con.execute(FOLD_EVENTS.format(side="old", db="prev."))
            for t in COMPARED:
                diff_table(con, t, vintage_id)
            for name in ("fold_new_events", "fold_old_events", "diff_keys", "diff_new", "diff_old"):
                con.execute(f"drop table if exists {name}")
            counts.update(dict(con.execute(
                "select change_kind, count(*) from change_scope where vintage_id = ? group by all",
                [vintage_id]).fetchall()))
    con.execute("insert into build_info values ('vintage_id', ?)", [vintage_id])
    return Recorded(vintage_id, parent, new, counts, prev.notes, prev.keep_aside)


def keep_aside(db_path: Path, aside: Path | None) -> None:
    """Keep the file about to be replaced under `aside` (a hard link: instant, and the swap stays atomic)."""
    if aside is None or not db_path.exists():
        return
    try:
        os.link(db_path, aside)
    except OSError:
        shutil.copy2(db_path, aside)
