-- The database's own vintage (build_info) with when it was built and the vintage before it;
-- no row when the database records none.
select v.vintage_id, v.built_at, v.parent_id
from vintages as v
where v.vintage_id = (select max(value) filter (where key = 'vintage_id') from build_info);
