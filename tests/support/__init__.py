"""What the tests share: the reference plan, HTML and JSON-path helpers, FHIR and caseload
helpers, and the browser driver."""
