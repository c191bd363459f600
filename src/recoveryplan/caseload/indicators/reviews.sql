-- The service promotes and acts on service-user involvement: reviews in the period, and the
-- person at their own review.
SELECT 'reviews' AS measure, COUNT(*) AS value
FROM reviews CROSS JOIN report_params p
WHERE reviewed_on >= p.since AND reviewed_on <= p.today
UNION ALL
SELECT 'person_present', COUNT(*)
FROM reviews CROSS JOIN report_params p
WHERE reviewed_on >= p.since AND reviewed_on <= p.today AND person_present
UNION ALL
SELECT 'plans_reviewed', COUNT(DISTINCT plan_key)
FROM reviews CROSS JOIN report_params p
WHERE reviewed_on >= p.since AND reviewed_on <= p.today
UNION ALL
SELECT 'plans', COUNT(*) FROM plans
