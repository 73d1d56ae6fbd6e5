-- How many rows of each table the chosen vintages (parts/since_vintages.sql) added, changed and
-- removed, within the filter (parts/change_filter.sql): one row per table and kind.
select s.table_name, s.change_kind, count(*) as rows
from change_scope as s
where s.vintage_id in /*@since_vintages*/
  and /*@change_filter*/
group by all
order by s.table_name, s.change_kind;
