-- The product lines: a fixed list of $products plausible HS6 codes over chapters 01-97 (77 is
-- reserved in HS), the same for every seed; per exporting side, a Zipf weight 1 / rank, the rank
-- drawn per seed with the chapters that side really exports boosted towards the top.
-- side 'cn': goods China exports (machinery, vehicles, clothing, ...); 'ca': goods Central Asia
-- exports to China (gas and oil, ores, copper, cotton, ...). side_rank orders by weight;
-- price_per_kg: a lognormal unit value.
create temp table syn_products as
with chapters as (
    select ch, lpad(ch::varchar, 2, '0') as chapter, 8 + (hash('hs-headings', ch) % 18)::integer as headings
    from range(1, 98) r(ch)
    where ch <> 77
),
headings as (
    select chapter, unnest(range(1, headings + 1)) as heading from chapters
),
candidates as (
    select h.chapter, h.chapter || lpad(h.heading::varchar, 2, '0') || s.sub as code
    from headings h
    cross join (values ('10'), ('11'), ('12'), ('19'), ('20'), ('21'), ('22'), ('29'), ('30'),
                       ('31'), ('39'), ('40'), ('50'), ('60'), ('80'), ('90')) s(sub)
),
chosen as (
    select chapter, code, row_number() over (order by code) as product_id
    from (select * from candidates order by hash('hs-list', code), code limit $products)
),
boosted as (
    select
        c.*, s.side,
        case
            when s.side = 'cn' and c.chapter in ('84', '85', '87', '61', '62', '64', '39', '73', '94',
                                                 '40', '72', '63') then 30
            when s.side = 'ca' and c.chapter = '27' then 200
            when s.side = 'ca' and c.chapter in ('26', '74', '28', '71', '72', '52', '08', '12',
                                                 '10', '81', '79', '76') then 30
            else 1
        end as boost
    from chosen c
    cross join (values ('cn'), ('ca')) s(side)
),
sides as (
    -- rank: a weighted random order (boosted chapters tend to come first); weight: Zipf on it
    select
        *,
        1.0 / row_number() over (partition by side order by -ln(syn_u($seed, side, product_id)) / boost,
                                 code) as w
    from boosted
)
select
    product_id, code, side, w,
    row_number() over (partition by side order by w desc, code) as side_rank,
    exp(1.5 + 1.2 * syn_normal($seed, 'price', product_id)) as price_per_kg
from sides;
