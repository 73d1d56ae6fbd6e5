-- Status milestones of railways, crossings and air routes in the filter (parts/milestone_filter.sql).
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
where /*@milestone_filter*/
order by m.milestone_date desc, i.name;
