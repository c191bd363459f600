-- Practice is recovery focused: plans where the recovery-language check found words to
-- reconsider (codes language.* and a plugin's <name>.language.*).
SELECT 'plans' AS measure, COUNT(*) AS value FROM plans
UNION ALL
SELECT 'plans_with_language_notes', COUNT(DISTINCT plan_key) FROM findings
WHERE code LIKE 'language.%' OR code LIKE '%.language.%'
UNION ALL
SELECT 'language_notes', COUNT(*) FROM findings
WHERE code LIKE 'language.%' OR code LIKE '%.language.%'
