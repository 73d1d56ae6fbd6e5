select event_id, country_iso3 from syn_event_countries order by n, country_iso3
