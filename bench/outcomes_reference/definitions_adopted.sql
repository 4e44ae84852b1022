-- Shared definitions adopted: at the end of each month (and of the
-- period), of the pairs of agency and shared definition (one with a
-- version by then), those where the agency had adopted the current version.
WITH RECURSIVE months(first) AS (
  SELECT @from UNION ALL SELECT date(first, '+1 month') FROM months WHERE date(first, '+1 month') < @to),
ends AS (
  SELECT substr(first, 1, 7) AS bucket, date(first, '+1 month') AS until FROM months
  UNION ALL
  SELECT 'P', @to),
current AS (
  SELECT e.bucket, e.until, t.id AS term_id,
         (SELECT max(v.version) FROM definition_versions v WHERE v.term_id = t.id AND v.adopted_on < e.until) AS version
  FROM ends e CROSS JOIN definition_terms t),
pairs AS (
  SELECT c.bucket,
         EXISTS (SELECT 1 FROM definition_adoptions a WHERE a.term_id = c.term_id AND a.agency_id = ag.id
                 AND a.version = c.version AND a.adopted_on < c.until) AS adopted
  FROM current c CROSS JOIN agencies ag WHERE c.version IS NOT NULL)
SELECT bucket, sum(adopted), count(*) FROM pairs GROUP BY 1;
