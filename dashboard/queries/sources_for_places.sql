-- The sources behind the places in the chosen countries (parts/place_filter.sql, as places_rows.sql), and the
-- sources those reprint from; at most $limit (NULL: all). Columns: parts/sources_of_cited.sql.
with cited as (
    select distinct p.source_id
    from places as p
    where /*@place_filter*/
)
select * from /*@sources_of_cited*/ as s
order by s.source_id
limit $limit;
