-- MACE actions done on time: of the actions due in the month (cancelled
-- ones, and open ones not yet due, left out), those done on or before
-- their due date.
WITH due AS (
  SELECT due_on, CASE WHEN status = 'done' AND completed_on <= due_on THEN 1 ELSE 0 END AS on_time
  FROM actions
  WHERE due_on >= @from AND due_on < @to AND status <> 'cancelled' AND (status = 'done' OR due_on < @today))
SELECT substr(due_on, 1, 7), sum(on_time), count(*) FROM due GROUP BY 1
UNION ALL
SELECT 'P', sum(on_time), count(*) FROM due;
