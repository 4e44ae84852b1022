-- MACE attendance: of the agencies invited to the meetings held in the
-- month (closed, or their day past), those that sent someone present.
WITH invited AS (
  SELECT m.held_on,
         EXISTS (SELECT 1 FROM meeting_attendance t WHERE t.meeting_id = ma.meeting_id AND t.agency_id = ma.agency_id
                 AND t.attended = 'present') AS came
  FROM meeting_agencies ma JOIN meetings m ON m.id = ma.meeting_id
  WHERE m.held_on >= @from AND m.held_on < @to AND (m.status = 'closed' OR m.held_on < @today))
SELECT substr(held_on, 1, 7), sum(came), count(*) FROM invited GROUP BY 1
UNION ALL
SELECT 'P', sum(came), count(*) FROM invited;
