-- One side's statistics of China's trade, as a condition on a row `t`: $reporter_side 'china' keeps
-- the figures China reports, 'partner' those a partner reports about its trade with China.
($reporter_side = 'china' and t.reporter_iso3 = 'CHN')
or ($reporter_side = 'partner' and t.partner_iso3 = 'CHN')
