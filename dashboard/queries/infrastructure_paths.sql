-- Each infrastructure route as an ordered path of [lon, lat] points, with its latest status.
with latest as (
    select project_id, arg_max(status, milestone_date) as status, max(milestone_date) as status_date
    from infrastructure_milestones
    group by project_id
)
select
    i.project_id,
    i.name,
    i.kind,
    l.status,
    l.status_date,
    list([p.lon, p.lat] order by r.seq) as path,
    string_agg(p.name, ' → ' order by r.seq) as via
from infrastructure as i
join infrastructure_route as r using (project_id)
join places as p on p.place_id = r.place_id
left join latest as l using (project_id)
group by all
order by i.project_id;
