"""Chinese full-text search: analysis, the search backend, the search page and API."""
