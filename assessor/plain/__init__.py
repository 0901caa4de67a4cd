"""The plain line-mode chat: alone, or with a workshop's room open beneath it."""
