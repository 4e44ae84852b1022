-- Concerns received: each concern in the month of its concern date.
SELECT substr(concern_date, 1, 7), count(*) FROM concerns
WHERE concern_date >= @from AND concern_date < @to GROUP BY 1
UNION ALL
SELECT 'P', count(*) FROM concerns WHERE concern_date >= @from AND concern_date < @to;
