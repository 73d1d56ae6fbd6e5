-- The product lines of each series: `lines` distinct products drawn, weighted by the side's product
-- weight, without replacement (Efraimidis-Spirakis, smallest -ln(u) / w wins) from the series' pool
-- of its side's `pool` heaviest products. Each line's share of the series total is its weight times
-- lognormal noise; the shares are scaled to integers first so that the normalising sum is exact
-- (a floating-point sum would depend on the order threads add in). Values are whole dollars.
create temp table syn_lines as
with pools as (
    select s.series_id, s.side, a.lines, unnest(range(1, a.pool + 1)) as side_rank
    from syn_series s
    join syn_allocation a using (series_id)
    where a.lines > 0
),
keyed as (
    select
        pools.series_id, pools.lines, p.product_id, p.code, p.w, p.price_per_kg,
        -ln(syn_u($seed, 'pick', pools.series_id * 100000 + p.product_id)) / p.w as pick_key
    from pools
    join syn_products p using (side, side_rank)
),
picked as (
    select *
    from keyed
    qualify row_number() over (partition by series_id order by pick_key, product_id) <= lines
),
weighted as (
    select
        *,
        greatest(1, round(w * exp(1.2 * syn_normal($seed, 'value', series_id * 100000 + product_id))
                          * 1e9))::bigint as share
    from picked
)
select
    w.series_id, w.product_id, w.code,
    greatest(1, round(s.usd * w.share / sum(w.share) over (partition by w.series_id)))::bigint as value_usd,
    greatest(1, round(s.usd * w.share / sum(w.share) over (partition by w.series_id) / w.price_per_kg))::bigint
        as net_kg
from weighted w
join syn_series s using (series_id);
