-- Month by month within the period: small goals achieved, reviews held and the person there,
-- and the person's own ratings (their sum and count, for the month's average).
-- Returns rows of (month 'YYYY-MM', measure, value).
WITH achieved AS (
  SELECT substr(CAST(achieved_on AS STRING), 1, 7) AS month
  FROM goals CROSS JOIN report_params p
  WHERE kind = 'goal' AND status = 'achieved' AND achieved_on >= p.since
    AND achieved_on <= p.today
),
held AS (
  SELECT substr(CAST(reviewed_on AS STRING), 1, 7) AS month, person_present
  FROM reviews CROSS JOIN report_params p
  WHERE reviewed_on >= p.since AND reviewed_on <= p.today
),
rated AS (
  SELECT substr(CAST(rated_on AS STRING), 1, 7) AS month, value
  FROM ratings CROSS JOIN report_params p
  WHERE by_person AND rated_on >= p.since AND rated_on <= p.today
)
SELECT month, 'goals_achieved' AS measure, COUNT(*) AS value FROM achieved GROUP BY month
UNION ALL
SELECT month, 'reviews', COUNT(*) FROM held GROUP BY month
UNION ALL
SELECT month, 'person_present', SUM(CASE WHEN person_present THEN 1 ELSE 0 END)
FROM held GROUP BY month
UNION ALL
SELECT month, 'ratings', COUNT(*) FROM rated GROUP BY month
UNION ALL
SELECT month, 'rating_total', SUM(value) FROM rated GROUP BY month
