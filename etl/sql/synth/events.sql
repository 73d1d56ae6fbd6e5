-- $events synthetic events, numbered n = 1..$events, with the draws the link tables use.
-- start_date: density rising linearly from 1x on 2010-01-01 to 4x on 2025-12-31 (5,844 days), so
-- recent years are denser; t below is the inverse of that distribution function (a = 3).
-- event_type: weights per thousand. Events of several days are visits, summits and ministerials.
create temp table syn_events as
with draws as (
    select
        i + 1 as n,
        syn_u($seed, 'date', i) as u_date,
        syn_u($seed, 'type', i) * 1000 as u_type,
        syn_u($seed, 'place', i) as u_place,
        syn_u($seed, 'days', i) as u_days,
        syn_u($seed, 'countries', i) as u_countries,
        syn_u($seed, 'people', i) as u_people,
        floor(syn_u($seed, 'topic', i) * 12)::integer as topic_a,
        floor(syn_u($seed, 'topic2', i) * 11)::integer as topic_step
    from range($events) r(i)
),
typed as (
    select
        *,
        date '2010-01-01'
            + least(floor((sqrt(1 + 15 * u_date) - 1) / 3 * 5844), 5843)::integer as start_date,
        case
            when u_type < 330 then 'bilateral_meeting'
            when u_type < 530 then 'visit'
            when u_type < 650 then 'ministerial_meeting'
            when u_type < 770 then 'infrastructure'
            when u_type < 860 then 'strategic_dialogue'
            when u_type < 940 then 'summit'
            when u_type < 975 then 'diplomatic_milestone'
            else 'visa_regime'
        end as event_type
    from draws
)
select
    t.n,
    'syn-' || lpad(t.n::varchar, $id_width, '0') as event_id,
    t.start_date,
    least(t.start_date + case t.event_type
                             when 'visit' then floor(t.u_days * 4)
                             when 'summit' then floor(t.u_days * 2)
                             when 'ministerial_meeting' then floor(t.u_days * 2)
                             else 0
                         end::integer,
          date '2025-12-31') as end_date,
    t.event_type,
    p.place_id,
    p.name as place_name,
    p.country_iso3 as place_country,
    case
        when t.event_type in ('summit', 'ministerial_meeting')
            then case when t.u_countries < 0.6 then 3 when t.u_countries < 0.85 then 2 else 1 end
        else case when t.u_countries < 0.75 then 1 when t.u_countries < 0.92 then 2 else 3 end
    end as n_countries,
    case when t.u_people < 0.4 then 0 when t.u_people < 0.75 then 1 else 2 end as n_people,
    t.topic_a,
    (t.topic_a + 1 + t.topic_step) % 12 as topic_b
from typed t
join syn_place_weights p
    on p.profile = if(t.event_type = 'infrastructure', 'infrastructure', 'default')
   and t.u_place >= p.lo and t.u_place < p.hi;
