"""Search backends: `gongkai.search.backends.database` is the Chinese Wagtail backend."""
