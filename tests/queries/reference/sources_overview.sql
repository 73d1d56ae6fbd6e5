-- Every source with how many rows of each table rest on it; at most $limit (NULL: all).
with uses as (
    select source_id, 'events' as what from event_sources
    union all select source_id, 'trade' from trade
    union all select source_id, 'trade' from trade_composition
    union all select source_id, 'places' from places
    union all select source_id, 'people' from people
    union all select source_id, 'agreements' from agreements
    union all select source_id, 'infrastructure' from infrastructure_milestones
    union all select source_id, 'infrastructure' from infrastructure_route
    union all select source_id, 'countries' from countries
),
counts as (
    select
        source_id,
        count(*) filter (where what = 'events') as events,
        count(*) filter (where what = 'trade') as trade_figures,
        count(*) filter (where what = 'places') as places,
        count(*) filter (where what = 'people') as people,
        count(*) filter (where what = 'agreements') as agreements,
        count(*) filter (where what = 'infrastructure') as infrastructure,
        count(*) filter (where what = 'countries') as countries
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
