"""Every path on disk: the shipped banks and templates, and files written whole."""
