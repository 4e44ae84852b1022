-- Risk lower 3 months after MACE: the young people first on a MACE
-- agenda in the month, whose latest screening in the 3 months after that
-- meeting is at a lower level than their latest one before it (none < low
-- < medium < high); those with no screening before or none since left out,
-- and a cohort measured only once its 3 months have passed. "3 months
-- after" is the same day 3 months on, or that month's last day.
WITH first AS (
  SELECT i.person_id, min(m.held_on) AS first_on
  FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
  WHERE i.kind = 'young_person' AND i.person_id IS NOT NULL GROUP BY i.person_id),
cohort AS (
  SELECT f.person_id, f.first_on,
         min(date(f.first_on, 'start of month', '+4 months', '-1 day'), date(f.first_on, '+3 months')) AS until
  FROM first f JOIN people p ON p.id = f.person_id
  WHERE f.first_on >= @from AND f.first_on < @to AND f.first_on <= @today),
levels AS (
  SELECT c.first_on,
    (SELECT s.risk_level FROM screenings s WHERE s.person_id = c.person_id AND s.screened_on <= c.first_on
     ORDER BY s.screened_on DESC, s.created_at DESC LIMIT 1) AS before,
    (SELECT s.risk_level FROM screenings s WHERE s.person_id = c.person_id AND s.screened_on > c.first_on
     AND s.screened_on <= c.until ORDER BY s.screened_on DESC, s.created_at DESC LIMIT 1) AS after
  FROM cohort c WHERE c.until <= @today),
judged AS (
  SELECT substr(first_on, 1, 7) AS month,
    CASE WHEN instr('nlmh', substr(after, 1, 1)) < instr('nlmh', substr(before, 1, 1)) THEN 1 ELSE 0 END AS lower
  FROM levels WHERE before IS NOT NULL AND after IS NOT NULL)
SELECT month, sum(lower), count(*) FROM judged GROUP BY 1
UNION ALL
SELECT 'P', sum(lower), count(*) FROM judged;
