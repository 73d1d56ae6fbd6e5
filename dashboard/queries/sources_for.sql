-- The sources behind a set of rows ($source_ids), and the sources those reprint.
select s.source_id, s.publisher, s.title, s.published_date, s.date_precision, s.url, s.language,
       s.kind, s.reprinted_in, s.notes
from sources as s
where list_contains($source_ids::varchar[], s.source_id)
   or s.source_id in (select reprinted_in from sources where list_contains($source_ids::varchar[], source_id))
order by s.source_id;
