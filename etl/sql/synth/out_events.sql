-- Rows appended to events.csv, in the table's column order. Titles and summaries say "Synthetic".
with parties as (
    select ec.n, string_agg(c.name, ', ' order by c.name) as names
    from syn_event_countries ec
    join base_countries c on c.iso3 = ec.country_iso3
    where ec.country_iso3 <> 'CHN'
    group by ec.n
),
topics as (
    select ['trade', 'energy', 'transport corridors', 'security', 'investment', 'customs',
            'agriculture', 'water resources', 'education', 'tourism', 'digital economy',
            'healthcare'] as names
)
select
    e.event_id,
    e.start_date,
    e.end_date,
    'day' as date_precision,
    'Synthetic ' || replace(e.event_type, '_', ' ') || ' #' || e.n
        || coalesce(' in ' || e.place_name, ' (no fixed place)') as title,
    e.event_type,
    e.place_id,
    'in_person' as venue_kind,
    'Synthetic record for load tests, not a real event. Parties: China, ' || p.names
        || '. Topics: ' || t.names[e.topic_a + 1] || ', ' || t.names[e.topic_b + 1] || '.' as summary,
    'synthetic' as notes
from syn_events e
join parties p on p.n = e.n
cross join topics t
order by e.n
