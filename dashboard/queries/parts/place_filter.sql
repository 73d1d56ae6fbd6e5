-- The filter's rule for places, as a condition on a row `p` naming one country (p.country_iso3: a
-- place, or a country of country_bits): it is a chosen country ($countries; none chosen = any).
-- No dates: places are where things happen, not when. A query writes /*@place_filter*/;
-- Filters.place_params() gives the parameters.
len($countries::varchar[]) = 0 or list_contains($countries::varchar[], p.country_iso3)
