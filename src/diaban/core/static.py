"""Static files served by the application itself (WhiteNoise), its table of files built once per process."""

from whitenoise.middleware import WhiteNoiseMiddleware

_FOUND: dict = {}


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, reading the size and date of every static file of the apps once per process. WhiteNoise reads them
    whenever the middleware is built: once per process on a server, but once per test client in the tests (a
    twentieth of a second each, over two hundred files). As with WhiteNoise, a file added later needs a restart."""

    def add_files_from_finders(self):
        key = (self.static_prefix, self.max_age, self.charset, self.allow_all_origins)
        found = _FOUND.get(key)
        if found is None:
            kept, self.files = self.files, {}
            super().add_files_from_finders()
            found = _FOUND[key] = self.files
            self.files = kept
        self.files.update(found)
