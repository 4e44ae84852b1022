-- Days from concern to screening: for each concern screened, the days from
-- its concern date to its first screening, in the month of the concern;
-- the median and the 90th percentile are the ceil(n/2)-th and
-- ceil(9n/10)-th smallest (at least half, or nine tenths, at or below).
WITH waits AS MATERIALIZED (
  SELECT substr(c.concern_date, 1, 7) AS month,
         CAST(julianday((SELECT min(s.screened_on) FROM screenings s WHERE s.concern_id = c.id))
              - julianday(c.concern_date) AS INTEGER) AS days
  FROM concerns c WHERE c.concern_date >= @from AND c.concern_date < @to),
cells AS (
  SELECT month AS bucket, days FROM waits WHERE days >= 0
  UNION ALL
  SELECT 'P', days FROM waits WHERE days >= 0),
ranked AS (
  SELECT bucket, days, row_number() OVER (PARTITION BY bucket ORDER BY days) AS r,
         count(*) OVER (PARTITION BY bucket) AS n
  FROM cells)
SELECT bucket, max(CASE WHEN r = (n + 1) / 2 THEN days END), max(CASE WHEN r = (9 * n + 9) / 10 THEN days END), max(n)
FROM ranked GROUP BY bucket;
