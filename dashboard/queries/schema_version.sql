-- The table layout the database was built with (build_info, written by the ETL); NULL if unrecorded.
select max(value) filter (where key = 'schema_version') as schema_version
from build_info;
