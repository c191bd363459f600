-- Plans due for review: past their next review date, and due in the next 28 days (today
-- included). date_add(date, days) is the same function in DuckDB and Spark SQL.
SELECT 'plans' AS measure, COUNT(*) AS value FROM plans
UNION ALL
SELECT 'overdue', COUNT(*)
FROM plans CROSS JOIN report_params p
WHERE next_review_on < p.today
UNION ALL
SELECT 'due_within_28_days', COUNT(*)
FROM plans CROSS JOIN report_params p
WHERE next_review_on >= p.today AND next_review_on <= date_add(p.today, 28)
