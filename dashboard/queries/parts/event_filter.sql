-- The filter's rule for events, as a condition on a row `e` of event_rows or event_source_rows.
-- Dates: the event's dates OVERLAP [$start, $end] (ends included). Countries: it involves any chosen
-- country ($countries; none chosen = any). Types: its type is a chosen one ($event_types; none = any).
-- A query writes /*@event_filter*/; Filters.event_params() gives the parameters.
-- Countries: the chosen ones as a bit string laid out as e.country_bits (see country_bits), ANDed.
e.end_date >= $start
and e.start_date <= $end
and (len($countries::varchar[]) = 0
     or bit_count(e.country_bits & (
         select string_agg(case when list_contains($countries::varchar[], b.country_iso3) then '1' else '0' end, ''
                           order by b.bit)::bit
         from country_bits as b)) > 0)
and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
