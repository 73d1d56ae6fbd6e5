-- How many sources there are.
select count(*) as sources from sources;
