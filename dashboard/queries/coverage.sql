-- What the record covers (the ETL's coverage table: totals, events per country and year, bilateral
-- events, per type, sources per event, trade cells filled, gap counts and the gaps, at most 50 lines
-- per kind); a few hundred rows at most, whatever the size of the record.
select section, country_iso3, period, label, value, note
from coverage
order by section, country_iso3 nulls first, period nulls first, label, note;
