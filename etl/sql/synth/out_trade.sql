-- The Comtrade Plus export: the 47 columns of etl.comtrade.PLUS_HEADER, in order, filled as a
-- final-data download with descriptions (see the sample rows in tests/fixtures/imports). Per series,
-- the TOTAL row (the exact sum of its product lines) comes first, then the lines by HS code.
-- Classification: H3 (HS 2007) for 2010-11, H4 for 2012-16, H5 for 2017-21, H6 from 2022.
with rows as (
    select series_id, code as cmd_code, value_usd, net_kg, false as is_total from syn_lines
    union all
    select series_id, 'TOTAL', sum(value_usd)::bigint, 0, true from syn_lines group by series_id
)
select
    'C' as typeCode,
    s.freq as freqCode,
    s.year || if(s.freq = 'A', '01', lpad(s.month::varchar, 2, '0')) || '01' as refPeriodId,
    s.year as refYear,
    if(s.freq = 'A', 52, s.month) as refMonth,
    s.year || if(s.freq = 'A', '', lpad(s.month::varchar, 2, '0')) as period,
    s.reporter_code as reporterCode,
    s.reporter_iso3 as reporterISO,
    s.reporter_name as reporterDesc,
    s.flow as flowCode,
    if(s.flow = 'M', 'Import', 'Export') as flowDesc,
    s.partner_code as partnerCode,
    s.partner_iso3 as partnerISO,
    s.partner_name as partnerDesc,
    0 as partner2Code,
    'W00' as partner2ISO,
    'World' as partner2Desc,
    case when s.year <= 2011 then 'H3' when s.year <= 2016 then 'H4' when s.year <= 2021 then 'H5'
         else 'H6' end as classificationCode,
    'HS' as classificationSearchCode,
    'True' as isOriginalClassification,
    r.cmd_code as cmdCode,
    if(r.is_total, 'All Commodities', 'HS ' || r.cmd_code) as cmdDesc,
    if(r.is_total, 0, 6) as aggrLevel,
    if(r.is_total, 'False', 'True') as isLeaf,
    'C00' as customsCode,
    'TOTAL CPC' as customsDesc,
    0 as mosCode,
    0 as motCode,
    'TOTAL MOT' as motDesc,
    if(r.is_total, -1, 8) as qtyUnitCode,
    if(r.is_total, 'N/A', 'kg') as qtyUnitAbbr,
    r.net_kg || '.0' as qty,
    'False' as isQtyEstimated,
    -1 as altQtyUnitCode,
    'N/A' as altQtyUnitAbbr,
    '0.0' as altQty,
    'False' as isAltQtyEstimated,
    r.net_kg || '.0' as netWgt,
    'False' as isNetWgtEstimated,
    '0.0' as grossWgt,
    'False' as isGrossWgtEstimated,
    if(s.flow = 'M', r.value_usd || '.0', null) as cifvalue,
    if(s.flow = 'X', r.value_usd || '.0', null) as fobvalue,
    r.value_usd || '.0' as primaryValue,
    0 as legacyEstimationFlag,
    'True' as isReported,
    'False' as isAggregate
from rows r
join syn_series s using (series_id)
order by r.series_id, r.is_total desc, r.cmd_code
