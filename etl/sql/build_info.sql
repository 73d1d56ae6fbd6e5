-- What this database was built from: a digest of every input file, so two builds can be compared.
create table build_info (
    key   varchar primary key,
    value varchar not null
);
