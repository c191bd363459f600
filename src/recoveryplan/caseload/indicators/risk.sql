-- Positive risk taking: risk plans that record every element of a defensible decision, and
-- whether each is looked at again on time.
SELECT 'risk_plans' AS measure, COUNT(*) AS value FROM risk_plans
UNION ALL
SELECT 'defensible', COUNT(*) FROM risk_plans
WHERE supports_aims > 0 AND benefits > 0 AND has_if_not_done AND concerns > 0
  AND concerns_unaddressed = 0 AND has_persons_view AND capacity_status IS NOT NULL
  AND safeguards > 0 AND has_contingency AND decision_status IS NOT NULL AND agreed_by > 0
  AND review_on IS NOT NULL
UNION ALL
SELECT 'with_review_date', COUNT(*) FROM risk_plans WHERE review_on IS NOT NULL
UNION ALL
SELECT 'review_overdue', COUNT(*)
FROM risk_plans CROSS JOIN report_params p
WHERE review_on < p.today
UNION ALL
SELECT 'plans_with_risk_plans', COUNT(DISTINCT plan_key) FROM risk_plans
