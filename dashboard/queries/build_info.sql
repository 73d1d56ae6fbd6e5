-- What the database was built from (build_info, written by the ETL): one row; NULL where unrecorded.
-- input_sha256 identifies the data build (its first 12 digits are the build id a brief cites).
select
    max(value) filter (where key = 'input_sha256') as input_sha256,
    max(value) filter (where key = 'schema_version') as schema_version
from build_info;
