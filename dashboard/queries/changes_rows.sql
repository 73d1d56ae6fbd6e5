-- The change lines of the chosen vintages within the filter, newest vintage first, then by table
-- and key (one line per changed column; one per added or removed row, holding it whole as JSON);
-- of one kind ($change_kind; NULL: all), one page of them ($limit after $offset; NULL $limit: all,
-- for the CSV). A line's countries and dates are those of its row (change_scope).
select
    c.vintage_id,
    v.built_at,
    c.table_name,
    c.row_key,
    s.label,
    c.change_kind,
    c.column_name,
    c.old_value,
    c.new_value
from changes as c
join change_scope as s using (vintage_id, table_name, row_key)
join vintages as v using (vintage_id)
where s.vintage_id in /*@since_vintages*/
  and /*@change_filter*/
  and ($change_kind::varchar is null or c.change_kind = $change_kind::varchar)
order by v.built_at desc, c.vintage_id, c.table_name, c.row_key, c.rowid
limit $limit offset $offset;
