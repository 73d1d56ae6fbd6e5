-- Where synthetic events happen: each real place's share of events, as a slice [lo, hi) of (0, 1),
-- per profile. 'default' favours capitals; 'infrastructure' favours crossings and railway nodes.
-- A row with no place_id is the share of events without a place (tours, unlocated sites).
-- Integer weights, so the running sums (and the slices) are exact.
create temp table syn_place_weights as
with weights as (
    select
        p.profile, b.place_id, b.name, b.country_iso3,
        case
            when p.profile = 'infrastructure' and b.kind in ('border_crossing', 'railway_node') then 6
            when p.profile = 'infrastructure' and b.kind = 'capital' then 2
            when p.profile = 'infrastructure' then 1
            when b.kind = 'capital' then 10
            when b.kind = 'city' then 3
            else 1
        end as w
    from base_places b
    cross join (values ('default'), ('infrastructure')) p(profile)
    union all
    select profile, null, null, null, w
    from (values ('default', 9), ('infrastructure', 6)) n(profile, w)
),
running as (
    select
        *,
        sum(w) over (partition by profile order by place_id nulls first
                     rows between unbounded preceding and current row) as upto,
        sum(w) over (partition by profile) as total
    from weights
)
select profile, place_id, name, country_iso3, (upto - w) / total as lo, upto / total as hi
from running;
