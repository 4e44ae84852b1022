-- Repeat concerns within 12 months: of the young people with a concern in
-- the month (in the period: counted once), those with another concern in
-- the 12 months before one of them.
WITH flagged AS MATERIALIZED (
  SELECT c.person_id, substr(c.concern_date, 1, 7) AS month,
         EXISTS (SELECT 1 FROM concerns e WHERE e.person_id = c.person_id AND e.concern_date < c.concern_date
                 AND e.concern_date >= date(c.concern_date, '-1 year')) AS repeated
  FROM concerns c JOIN people p ON p.id = c.person_id
  WHERE p.kind = 'young_person' AND c.concern_date >= @from AND c.concern_date < @to),
by_month AS (SELECT month, max(repeated) AS repeated FROM flagged GROUP BY month, person_id),
by_period AS (SELECT max(repeated) AS repeated FROM flagged GROUP BY person_id)
SELECT month, sum(repeated), count(*) FROM by_month GROUP BY 1
UNION ALL
SELECT 'P', sum(repeated), count(*) FROM by_period;
