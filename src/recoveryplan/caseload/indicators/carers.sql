-- Informal carers are involved: family, friends and unpaid carers in the circle, given access
-- by the person's consent, at reviews in the period, and their needs answered by an outcome.
SELECT 'plans' AS measure, COUNT(*) AS value FROM plans
UNION ALL
SELECT 'plans_with_carers', COUNT(DISTINCT plan_key) FROM circle WHERE informal
UNION ALL
SELECT 'carers', COUNT(*) FROM circle WHERE informal
UNION ALL
SELECT 'carers_with_consent', COUNT(*) FROM circle WHERE informal AND consented
UNION ALL
SELECT 'reviews', COUNT(*)
FROM reviews CROSS JOIN report_params p
WHERE reviewed_on >= p.since AND reviewed_on <= p.today
UNION ALL
SELECT 'reviews_with_carers', COUNT(*)
FROM reviews CROSS JOIN report_params p
WHERE reviewed_on >= p.since AND reviewed_on <= p.today AND informal_present > 0
UNION ALL
SELECT 'carer_needs', COALESCE(SUM(needs_raised), 0) FROM circle WHERE informal
UNION ALL
SELECT 'carer_needs_answered', COALESCE(SUM(needs_answered), 0) FROM circle WHERE informal
