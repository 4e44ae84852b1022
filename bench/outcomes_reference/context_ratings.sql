-- Places and groups assessed high risk: at the end of each month (and of
-- the period), the contexts whose latest assessment by then is rated high.
WITH RECURSIVE months(first) AS (
  SELECT @from UNION ALL SELECT date(first, '+1 month') FROM months WHERE date(first, '+1 month') < @to),
ends AS (
  SELECT substr(first, 1, 7) AS bucket, date(first, '+1 month') AS until FROM months
  UNION ALL
  SELECT 'P', @to),
latest AS (
  SELECT e.bucket, a.risk_rating,
         row_number() OVER (PARTITION BY e.bucket, a.context_id ORDER BY a.assessed_on DESC, a.created_at DESC, a.id DESC) AS r
  FROM ends e JOIN context_assessments a ON a.assessed_on < e.until JOIN contexts cx ON cx.id = a.context_id)
SELECT bucket, count(*) FROM latest WHERE r = 1 AND risk_rating = 'high' GROUP BY 1;
