-- Goals are identified and addressed; personalised services: outcomes in the person's own
-- words, grown from what the person said in the assessment, broken into small goals.
SELECT 'outcomes' AS measure, COUNT(*) AS value FROM goals WHERE kind = 'outcome'
UNION ALL
SELECT 'based_on_person', COUNT(*) FROM goals
WHERE kind = 'outcome' AND based_on_person_voice > 0
UNION ALL
SELECT 'with_small_goals', COUNT(*) FROM goals WHERE kind = 'outcome' AND small_goals > 0
UNION ALL
SELECT 'plans_with_outcomes', COUNT(DISTINCT plan_key) FROM goals WHERE kind = 'outcome'
