-- Status milestones of railways, crossings and air routes within the date range.
select
    m.milestone_date,
    i.name as project,
    m.status,
    m.date_basis,
    m.summary,
    m.source_id,
    coalesce(s.publisher || ': ', '') || s.title as source
from infrastructure_milestones as m
join infrastructure as i on i.project_id = m.project_id
join sources as s on s.source_id = m.source_id
where m.milestone_date between $start and $end
  and (len($countries::varchar[]) = 0 or list_has_any($countries::varchar[], i.countries))
order by m.milestone_date desc, i.name;
