-- Derived: the all-goods trade figures (commodity TOTAL), which the trade series, the mirror
-- comparison and the overview read; product lines (Comtrade imports) stay in trade only.
create table trade_totals as
select * from trade
where commodity_code = 'TOTAL'
order by partner_iso3, reporter_iso3, period_start, trade_id;
