-- Every source with how many rows of each table rest on it; at most $limit (NULL: all).
-- Trade figures are counted from trade_source_periods (figures per source and period).
with uses as (
    select source_id, 'events' as what, 1 as n from event_sources
    union all select source_id, 'trade', rows from trade_source_periods
    union all select source_id, 'trade', 1 from trade_composition
    union all select source_id, 'places', 1 from places
    union all select source_id, 'people', 1 from people
    union all select source_id, 'agreements', 1 from agreements
    union all select source_id, 'infrastructure', 1 from infrastructure_milestones
    union all select source_id, 'infrastructure', 1 from infrastructure_route
    union all select source_id, 'countries', 1 from countries
),
counts as (
    select
        source_id,
        (sum(n) filter (where what = 'events'))::bigint as events,
        (sum(n) filter (where what = 'trade'))::bigint as trade_figures,
        (sum(n) filter (where what = 'places'))::bigint as places,
        (sum(n) filter (where what = 'people'))::bigint as people,
        (sum(n) filter (where what = 'agreements'))::bigint as agreements,
        (sum(n) filter (where what = 'infrastructure'))::bigint as infrastructure,
        (sum(n) filter (where what = 'countries'))::bigint as countries
    from uses
    group by source_id
)
select
    s.source_id, s.publisher, s.title, s.published_date, s.kind, s.language, s.url,
    coalesce(c.events, 0) as events,
    coalesce(c.trade_figures, 0) as trade_figures,
    coalesce(c.places, 0) + coalesce(c.countries, 0) as places_and_codes,
    coalesce(c.people, 0) as people,
    coalesce(c.agreements, 0) as agreements,
    coalesce(c.infrastructure, 0) as infrastructure,
    s.reprinted_in,
    s.notes
from sources as s
left join counts as c using (source_id)
order by s.kind, s.published_date desc nulls last, s.source_id
limit $limit;
