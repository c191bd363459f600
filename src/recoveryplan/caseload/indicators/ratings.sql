-- Practice is recovery focused: the person's own ratings of the framework's domains over
-- time. A series is the person's own ratings of one domain in one plan; each rating row
-- carries its series' length and first value, and the latest rating is marked, so a series
-- rose when its latest rating is above its first.
SELECT 'people' AS measure, COUNT(DISTINCT person_key) AS value FROM plans
UNION ALL
SELECT 'people_rating', COUNT(DISTINCT person_key) FROM ratings WHERE by_person
UNION ALL
SELECT 'ratings_in_period', COUNT(*)
FROM ratings CROSS JOIN report_params p
WHERE by_person AND rated_on >= p.since AND rated_on <= p.today
UNION ALL
SELECT 'series', COUNT(*) FROM ratings WHERE is_latest AND series_length >= 2
UNION ALL
SELECT 'series_rising', COUNT(*) FROM ratings
WHERE is_latest AND series_length >= 2 AND value > series_first_value
