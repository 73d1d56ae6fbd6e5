-- The filter's rule for infrastructure milestones, as a condition on a milestone `m` of a project
-- `i`. Dates: the milestone's date lies BETWEEN $start and $end (a milestone is one day, ends
-- included). Countries: the project runs through any chosen country ($countries; none = any).
-- A query writes /*@milestone_filter*/; Filters.milestone_params() gives the parameters.
m.milestone_date between $start and $end
and (len($countries::varchar[]) = 0 or list_has_any($countries::varchar[], i.countries))
