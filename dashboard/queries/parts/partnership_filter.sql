-- The filter's rule for partnership levels, as a condition on a row `p` of partnerships: the level
-- is a chosen Central Asian state's ($partners; none chosen = all five). No dates here: a level is
-- shown over its whole validity (valid_from – valid_to), whatever the filter's dates.
len($partners::varchar[]) = 0 or list_contains($partners::varchar[], p.country_iso3)
