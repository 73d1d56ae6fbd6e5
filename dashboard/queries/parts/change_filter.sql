-- The filter's rule for changes, as a condition on a row `s` of change_scope (the countries and
-- dates of the changed row itself: the new row, the old one when removed, both when changed):
-- it involves a chosen country ($countries; none chosen = any), and its dates overlap
-- [$start, $end]. A row without dates of its own (places, people, infrastructure) is never
-- excluded by the dates; an open end (a post still held) runs on. A query writes /*@change_filter*/.
(len($countries::varchar[]) = 0 or list_has_any($countries::varchar[], s.countries))
and (s.first_date is null
     or (s.first_date <= $end and coalesce(s.last_date, date '9999-12-31') >= $start))
