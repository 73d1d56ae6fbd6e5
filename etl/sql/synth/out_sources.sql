select * from syn_sources order by source_id
