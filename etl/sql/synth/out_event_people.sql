select event_id, person_id, null as role_at_event from syn_event_people order by n, person_id
