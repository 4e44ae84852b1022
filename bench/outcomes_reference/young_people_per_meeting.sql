-- Young people per MACE meeting: the young people on the agendas of the
-- meetings held in the month (each once a meeting), over those meetings.
WITH held AS (
  SELECT m.held_on,
         (SELECT count(DISTINCT i.person_id) FROM meeting_items i WHERE i.meeting_id = m.id AND i.kind = 'young_person') AS young
  FROM meetings m
  WHERE m.held_on >= @from AND m.held_on < @to AND (m.status = 'closed' OR m.held_on < @today))
SELECT substr(held_on, 1, 7), sum(young), count(*) FROM held GROUP BY 1
UNION ALL
SELECT 'P', sum(young), count(*) FROM held;
