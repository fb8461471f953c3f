"""Entry point for `flask --app wsgi` and gunicorn (`gunicorn wsgi:app`)."""
import gc

from portal import create_app

app = create_app()

# The app's own objects (routes, templates, models: ~140,000) live as long as the process. Moving them out of
# the collector's reach, and collecting less often, keeps full collections from costing a busy page tens of
# milliseconds; request garbage is still collected.
gc.collect()
gc.freeze()
gc.set_threshold(10_000, 20, 20)
