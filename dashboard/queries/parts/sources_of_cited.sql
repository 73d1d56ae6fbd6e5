-- The sources behind a set of rows, as a table: each row of sources that the query's CTE `cited`
-- (one column, source_id) holds, or that a cited source reprints (reprinted_in). A query writes
-- `select * from /*@sources_of_cited*/ as s order by s.source_id`.
select s.source_id, s.publisher, s.title, s.published_date, s.date_precision, s.url, s.language,
       s.kind, s.reprinted_in, s.notes
from sources as s
where s.source_id in (select source_id from cited)
   or s.source_id in (select r.reprinted_in from sources as r where r.source_id in (select source_id from cited))
