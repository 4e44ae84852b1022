-- Concerns at a place after an intervention: for each intervention, and
-- each disruption at a place, starting in the month (once its 3 months
-- after have passed), the concerns about that place in the 3 months after
-- it over those in the 3 months before. "3 months" on either side is the
-- same day 3 months away, or that month's last day.
WITH events AS (
  SELECT started_on AS started, context_id FROM interventions WHERE started_on >= @from AND started_on < @to
  UNION ALL
  SELECT occurred_on, context_id FROM disruptions
  WHERE context_id IS NOT NULL AND occurred_on >= @from AND occurred_on < @to),
windows AS (
  SELECT started, context_id,
         min(date(started, 'start of month', '-2 months', '-1 day'), date(started, '-3 months')) AS since,
         min(date(started, 'start of month', '+4 months', '-1 day'), date(started, '+3 months')) AS until
  FROM events),
counted AS (
  SELECT w.started,
    (SELECT count(*) FROM concerns c WHERE c.context_id = w.context_id AND c.concern_date >= w.since
     AND c.concern_date < w.started) AS before,
    (SELECT count(*) FROM concerns c WHERE c.context_id = w.context_id AND c.concern_date >= w.started
     AND c.concern_date < w.until) AS after
  FROM windows w WHERE w.until <= @today)
SELECT substr(started, 1, 7), sum(after), sum(before) FROM counted GROUP BY 1
UNION ALL
SELECT 'P', sum(after), sum(before) FROM counted;
