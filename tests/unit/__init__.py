"""Unit tests: the model, the format, validation, rendering, FHIR and the caseload report,
called from Python."""
