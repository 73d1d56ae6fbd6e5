-- The vintages of this database's history, newest first (at most $limit), with the rows each
-- added, changed and removed, and whether it is the database's own (current).
select
    v.vintage_id,
    v.built_at,
    v.parent_id,
    v.vintage_id = (select max(value) filter (where key = 'vintage_id') from build_info) as is_current,
    count(s.row_key) filter (where s.change_kind = 'added') as added,
    count(s.row_key) filter (where s.change_kind = 'changed') as changed,
    count(s.row_key) filter (where s.change_kind = 'removed') as removed
from vintages as v
left join change_scope as s using (vintage_id)
group by all
order by v.built_at desc, v.vintage_id desc
limit $limit;
