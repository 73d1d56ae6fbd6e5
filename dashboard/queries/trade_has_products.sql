-- Whether the database holds any product lines (commodity codes other than TOTAL: Comtrade imports).
select exists (select 1 from trade where commodity_code <> 'TOTAL') as has_products;
