-- Revised trade figures (a trade row changed: same trade_id) in the chosen vintages and the
-- filter, newest first, at most $limit: the value and the source before and after (a source that
-- did not change is the row's source then, as change_scope recorded it).
with lines as (
    select
        c.vintage_id,
        c.row_key,
        max(c.old_value) filter (where c.column_name = 'value_usd') as old_value,
        max(c.new_value) filter (where c.column_name = 'value_usd') as new_value,
        max(c.old_value) filter (where c.column_name = 'source_id') as old_source,
        max(c.new_value) filter (where c.column_name = 'source_id') as new_source,
        string_agg(c.column_name, ', ' order by c.rowid) as columns
    from changes as c
    join change_scope as s using (vintage_id, table_name, row_key)
    where c.table_name = 'trade'
      and c.change_kind = 'changed'
      and s.vintage_id in /*@since_vintages*/
      and /*@change_filter*/
    group by all
)
select
    l.vintage_id,
    v.built_at,
    l.row_key as trade_id,
    s.label,
    try_cast(l.old_value as double) as old_value_usd,
    try_cast(l.new_value as double) as new_value_usd,
    coalesce(l.old_source, s.source_id) as old_source_id,
    coalesce(l.new_source, s.source_id) as new_source_id,
    l.columns
from lines as l
join change_scope as s on s.vintage_id = l.vintage_id and s.table_name = 'trade' and s.row_key = l.row_key
join vintages as v on v.vintage_id = l.vintage_id
order by v.built_at desc, l.row_key
limit $limit;
