"""What is worked out from an assessment's records: scores, summaries, the plan, targets,
the workshop's counting, spread across partnerships and trends over repeat assessments."""
