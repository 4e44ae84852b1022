-- Screened within the standard: of the concerns dated in the month, those
-- first screened within the standard (outcome_settings), out of those
-- screened and those still waiting once the standard has passed.
WITH firsts AS (
  SELECT c.concern_date, (SELECT min(s.screened_on) FROM screenings s WHERE s.concern_id = c.id) AS first_on,
         (SELECT screening_standard_days FROM outcome_settings) AS standard
  FROM concerns c WHERE c.concern_date >= @from AND c.concern_date < @to),
judged AS (
  SELECT substr(concern_date, 1, 7) AS month,
         CASE WHEN first_on IS NOT NULL AND julianday(first_on) - julianday(concern_date) <= standard THEN 1 ELSE 0 END AS within
  FROM firsts
  WHERE first_on IS NOT NULL OR julianday(@today) - julianday(concern_date) > standard)
SELECT month, sum(within), count(*) FROM judged GROUP BY 1
UNION ALL
SELECT 'P', sum(within), count(*) FROM judged;
