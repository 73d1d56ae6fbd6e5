-- Whether $vintage_id is in this database's history (a link's vintage or since may name none).
select count(*) as found from vintages where vintage_id = $vintage_id;
