-- How many lines changes_rows gives for the same choice (its table's pages).
select count(*) as lines
from changes as c
join change_scope as s using (vintage_id, table_name, row_key)
where s.vintage_id in /*@since_vintages*/
  and /*@change_filter*/
  and ($change_kind::varchar is null or c.change_kind = $change_kind::varchar);
