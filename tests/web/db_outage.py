"""Make the test database go away and come back, for real, on PostgreSQL and on SQLite.

PostgreSQL: the app talks to the server through a TCP forwarder on 127.0.0.1 that can drop every
connection and refuse new ones (the server itself keeps running for the other tests), and a second,
admin connection ends the app's backends with pg_terminate_backend.

SQLite has no server to lose; what takes it away from an app is another process holding its lock.
`down()` drops the app's pooled connections and holds the file exclusively (reads and writes
fail), `cut()` holds the write lock (writes fail).
"""

from __future__ import annotations

import socket
import sqlite3
import threading
import time

from sqlalchemy import create_engine, make_url, text


class TcpProxy:
    """Forward 127.0.0.1:<port> to a target address until told to drop everything."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                client.close()  # the database is away: the connection ends at once
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(source, sink)

    def _drop(self, *sockets: socket.socket) -> None:
        with self._lock:
            for sock in sockets:
                self._sockets.discard(sock)
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.up = False
        with self._lock:
            open_sockets = list(self._sockets)
        self._drop(*open_sockets)

    def restore(self) -> None:
        """Accept and forward connections again."""
        self.up = True

    def close(self) -> None:
        """Stop listening and drop everything."""
        self.cut()
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self.listener.close()
        self._thread.join(timeout=5)


class PostgresOutage:
    """A PostgreSQL database reached through a proxy that can be cut."""

    # Cuts come after the first write of a transaction, before the second.
    cut_before_write = 2

    def __init__(self, url: str) -> None:
        self.real_url = make_url(url)
        self.proxy = TcpProxy((self.real_url.host or "127.0.0.1", self.real_url.port or 5432))
        self.url = self.real_url.set(host="127.0.0.1", port=self.proxy.port).render_as_string(
            hide_password=False
        )
        self._admin = create_engine(
            self.real_url.set(database="postgres"), isolation_level="AUTOCOMMIT"
        )

    def attach(self, engine) -> None:
        """Nothing to remember: the proxy drops the app's connections itself."""

    def down(self) -> None:
        """The database goes away: connections drop, new ones are refused."""
        self.proxy.cut()

    def up(self) -> None:
        """The database is back."""
        self.proxy.restore()

    def cut(self) -> None:
        """End the app's backends from an admin connection (in the middle of a transaction)."""
        with self._admin.connect() as connection:
            ended = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": self.real_url.database},
            ).scalar()
        assert ended, "no backend of the app was connected"
        self._wait_until_gone()

    def _wait_until_gone(self) -> None:
        # pg_terminate_backend only signals: wait until the backends have really exited.
        with self._admin.connect() as connection:
            for _ in range(100):
                left = connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": self.real_url.database},
                ).scalar()
                if not left:
                    return
                time.sleep(0.05)
        raise AssertionError("the app's backends did not exit")

    def kill_idle(self) -> None:
        """End the app's idle pooled backends between two requests."""
        self.cut()

    def close(self) -> None:
        """Restore, stop the proxy and release the admin connection."""
        self.proxy.close()
        self._admin.dispose()


class SqliteOutage:
    """A SQLite file that another process can lock the app out of."""

    # Cuts come before the first write: once the app writes, it holds the lock itself.
    cut_before_write = 1

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = make_url(url).database
        self._holders: list[sqlite3.Connection] = []

    def attach(self, engine) -> None:
        """Remember the app's engine, whose connections `down()` drops."""
        self.engine = engine

    def down(self) -> None:
        """Drop the app's connections and lock it out of the file (reads and writes)."""
        # Open WAL connections keep a shared lock on the file, as a server's sessions would.
        self.engine.dispose()
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        # In WAL mode the exclusive lock is taken by a write and kept after its commit.
        holder.execute("UPDATE alembic_version SET version_num = version_num")
        holder.execute("COMMIT")
        self._holders.append(holder)

    def cut(self) -> None:
        """Hold the write lock, as another writer would, while the app is in its transaction."""
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        self._holders.append(holder)

    def kill_idle(self) -> None:
        """Lock the app out and let it in again between two requests."""
        self.down()
        self.up()

    def up(self) -> None:
        """Release every lock taken."""
        while self._holders:
            self._holders.pop().close()

    def close(self) -> None:
        """Release every lock taken."""
        self.up()
