"""The app in a browser (`assessor serve`): textual-serve's server behind a key, an Origin and
Host check, a cap on sessions, and a page that loads nothing from the internet. Imported only by
the `serve` command; the core never imports it."""
