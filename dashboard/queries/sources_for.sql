-- The sources behind a set of rows ($source_ids), and the sources those reprint
-- (parts/sources_of_cited.sql).
with cited as (
    select unnest($source_ids::varchar[]) as source_id
)
select * from /*@sources_of_cited*/ as s
order by s.source_id;
