-- 0-2 real people per event, drawn from the people of the event's countries.
create temp table syn_event_people as
with candidates as (
    select
        e.n, e.event_id, p.person_id, e.n_people,
        row_number() over (
            partition by e.n order by syn_u($seed, 'person/' || p.person_id, e.n), p.person_id
        ) as pick
    from syn_events e
    join syn_event_countries ec on ec.n = e.n
    join base_people p on p.country_iso3 = ec.country_iso3
    where e.n_people > 0
)
select n, event_id, person_id from candidates where pick <= n_people;
