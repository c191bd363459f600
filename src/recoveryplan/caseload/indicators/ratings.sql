-- Practice is recovery focused: the person's own ratings of the framework's domains over
-- time. A series is one person's ratings of one domain; it rose when the latest rating is
-- above the first.
WITH own AS (
  SELECT person_key, domain, rated_on, value,
         ROW_NUMBER() OVER (PARTITION BY person_key, domain ORDER BY rated_on, value) AS first_n,
         ROW_NUMBER() OVER (PARTITION BY person_key, domain ORDER BY rated_on DESC, value DESC)
           AS last_n,
         COUNT(*) OVER (PARTITION BY person_key, domain) AS series_length
  FROM ratings
  WHERE by_person
),
series AS (
  SELECT person_key, domain,
         MAX(CASE WHEN first_n = 1 THEN value END) AS first_value,
         MAX(CASE WHEN last_n = 1 THEN value END) AS last_value,
         MAX(series_length) AS series_length
  FROM own
  GROUP BY person_key, domain
)
SELECT 'people' AS measure, COUNT(DISTINCT person_key) AS value FROM plans
UNION ALL
SELECT 'people_rating', COUNT(DISTINCT person_key) FROM own
UNION ALL
SELECT 'ratings_in_period', COUNT(*)
FROM own CROSS JOIN report_params p
WHERE rated_on >= p.since AND rated_on <= p.today
UNION ALL
SELECT 'series', COUNT(*) FROM series WHERE series_length >= 2
UNION ALL
SELECT 'series_rising', COUNT(*) FROM series
WHERE series_length >= 2 AND last_value > first_value
