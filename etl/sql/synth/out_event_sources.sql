select event_id, 'synthetic-feed-' || year(start_date) as source_id from syn_events order by n
