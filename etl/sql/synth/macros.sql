-- Pseudo-random numbers for the synthetic data, as pure functions of (seed, salt, i): the same seed gives
-- the same numbers whatever the thread count or scheduling, which random() after setseed() does not
-- promise once DuckDB runs a query in parallel. (Stable within one DuckDB version.)
-- syn_u: uniform on the open interval (0, 1), from the top 53 bits of a 64-bit hash.
create or replace temp macro syn_u(seed, salt, i) as
    ((hash(seed::bigint, salt::varchar, i::bigint) >> 11)::double + 0.5) / 9007199254740992.0;
-- syn_normal: standard normal (Box-Muller on two independent uniforms).
create or replace temp macro syn_normal(seed, salt, i) as
    sqrt(-2 * ln(syn_u(seed, salt || '/r', i))) * cos(2 * pi() * syn_u(seed, salt || '/a', i));
