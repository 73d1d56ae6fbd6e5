-- Whether a row `s` of sources is listed among the sources behind a set of rows: the query's CTE
-- `cited` (one column, source_id) holds it, or a cited source reprints it (reprinted_in). A query
-- writes /*@sources_and_reprints*/.
s.source_id in (select source_id from cited)
or s.source_id in (select r.reprinted_in from sources as r where r.source_id in (select source_id from cited))
