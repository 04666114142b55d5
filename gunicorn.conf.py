"""Gunicorn settings for serving Talent Bridge in production: `scripts/serve.sh`.

The app is not preloaded: each worker imports `web.wsgi` after the fork, and the embedding model
and search indexes load lazily inside the worker on first use, never in the master (a model
loaded before fork would be copied into every worker and torch's threads do not survive fork).
"""

import os

# Served by gunicorn means production (web.config.check_production: no development secret key,
# secure session cookie) unless TALENT_BRIDGE_ENV says otherwise. Workers inherit it at fork.
os.environ.setdefault("TALENT_BRIDGE_ENV", "production")

wsgi_app = "web.wsgi:app"
bind = os.environ.get("TALENT_BRIDGE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("TALENT_BRIDGE_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("TALENT_BRIDGE_THREADS", "4"))
preload_app = False
# A worker's first search loads the model (seconds); no request should take a minute.
timeout = int(os.environ.get("TALENT_BRIDGE_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Gunicorn 25.1+ opens a control socket at one path per system user, so two instances (or a test
# run beside a server) would fight over it; ignored by older versions.
control_socket_disable = True

# Method, path without the query string, status, seconds: no address, no query, no referrer,
# no user agent, nothing that could name a person.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(L)s"
errorlog = "-"
loglevel = os.environ.get("TALENT_BRIDGE_GUNICORN_LOG_LEVEL", "info")


def post_fork(server, worker):
    """Log the new worker's pid; nothing else happens between fork and the app import."""
    server.log.info("worker %s started", worker.pid)


def post_request(worker, req, environ, resp):
    """After a response is sent, settle the worker's heap when due (web/heap.py)."""
    from web import heap

    heap.after_request()
