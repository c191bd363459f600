-- The service is strength based: plans whose assessment records strengths, and puts them first.
-- Each indicator file returns rows of (measure, value); runs unchanged on DuckDB and Spark SQL.
SELECT 'plans' AS measure, COUNT(*) AS value FROM plans
UNION ALL
SELECT 'assessed', COUNT(*) FROM plans WHERE has_assessment
UNION ALL
SELECT 'with_strengths', COUNT(*) FROM plans WHERE strengths > 0
UNION ALL
SELECT 'strengths_first', COUNT(*) FROM plans WHERE first_item_is_strength
