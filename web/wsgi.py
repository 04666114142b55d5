"""The WSGI entry point gunicorn imports in each worker: the only module-level app.

Configuration comes from the environment (TALENT_BRIDGE_*, DATABASE_URL). Nothing heavy loads
here: the embedding model and the search indexes load in each worker on first use.
"""

from web import create_app

app = create_app()
