-- Small goals achieved in the period (since .. today), and how many of them had a
-- celebration planned; small goals still open and past their due date.
SELECT 'achieved' AS measure, COUNT(*) AS value
FROM goals CROSS JOIN report_params p
WHERE kind = 'goal' AND status = 'achieved' AND achieved_on >= p.since AND achieved_on <= p.today
UNION ALL
SELECT 'celebrated', COUNT(*)
FROM goals CROSS JOIN report_params p
WHERE kind = 'goal' AND status = 'achieved' AND achieved_on >= p.since AND achieved_on <= p.today
  AND has_celebration
UNION ALL
SELECT 'plans_with_achievement', COUNT(DISTINCT plan_key)
FROM goals CROSS JOIN report_params p
WHERE kind = 'goal' AND status = 'achieved' AND achieved_on >= p.since AND achieved_on <= p.today
UNION ALL
SELECT 'open', COUNT(*) FROM goals
WHERE kind = 'goal' AND status IN ('planned', 'active', 'on-hold')
UNION ALL
SELECT 'open_overdue', COUNT(*)
FROM goals CROSS JOIN report_params p
WHERE kind = 'goal' AND status IN ('planned', 'active', 'on-hold') AND due_on < p.today
UNION ALL
SELECT 'plans', COUNT(*) FROM plans
