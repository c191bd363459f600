-- Reviews of the whole plan: plans with a next review date, and those past it.
SELECT 'plans' AS measure, COUNT(*) AS value FROM plans
UNION ALL
SELECT 'with_review_date', COUNT(*) FROM plans WHERE next_review_on IS NOT NULL
UNION ALL
SELECT 'review_overdue', COUNT(*)
FROM plans CROSS JOIN report_params p
WHERE next_review_on < p.today
