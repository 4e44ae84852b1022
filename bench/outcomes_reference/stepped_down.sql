-- Young people stepped down from MACE: each screening on another pathway
-- whose young person's screening just before it (by date, then the time it
-- was recorded) was on the MACE pathway, in the month of the later one.
WITH stepped AS MATERIALIZED (
  SELECT s.screened_on FROM screenings s JOIN people p ON p.id = s.person_id
  WHERE s.screened_on >= @from AND s.screened_on < @to AND s.pathway <> 'mace'
    AND (SELECT b.pathway FROM screenings b WHERE b.person_id = s.person_id AND b.screened_on <= s.screened_on
         AND (b.screened_on < s.screened_on OR b.created_at < s.created_at)
         ORDER BY b.screened_on DESC, b.created_at DESC LIMIT 1) = 'mace')
SELECT substr(screened_on, 1, 7), count(*) FROM stepped GROUP BY 1
UNION ALL
SELECT 'P', count(*) FROM stepped;
