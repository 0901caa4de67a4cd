"""Plain-text rendering shared by the command line, the plain chat and the app."""
