-- The filter's rule for events, as a condition on a row `e` of event_rows or event_source_rows.
-- Dates: the event's dates OVERLAP [$start, $end] (ends included). Countries: it involves any chosen
-- country ($countries; none chosen = any). Types: its type is a chosen one ($event_types; none = any).
-- Bilateral ($bilateral): only events whose countries are exactly China and one Central Asian state
-- (e.is_bilateral). Person ($person, a person_id; NULL = anyone): that person is present
-- (e.person_ids). Place ($place, a place_id; NULL = anywhere): the event was held there.
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
and (not $bilateral::boolean or e.is_bilateral)
and ($person::varchar is null or list_contains(e.person_ids, $person::varchar))
and ($place::varchar is null or e.place_id = $place::varchar)
