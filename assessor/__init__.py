"""assessor: a guided self-assessment of partnership readiness for family hubs."""

__version__ = "0.1.0"
