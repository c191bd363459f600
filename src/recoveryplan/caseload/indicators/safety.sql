-- The service encourages advance planning and self-management: a safety plan, and a complete
-- one (all six steps and the person's reasons for living).
SELECT 'plans' AS measure, COUNT(*) AS value FROM plans
UNION ALL
SELECT 'with_safety_plan', COUNT(*) FROM plans WHERE has_safety_plan
UNION ALL
SELECT 'complete', COUNT(*) FROM plans
WHERE has_safety_plan AND safety_sections_filled = safety_sections
