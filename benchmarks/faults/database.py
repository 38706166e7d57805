"""A fresh PostgreSQL database per run: on the shared local server, or on a private cluster of its
own that the suite may restart (``pg_ctlcluster VERSION NAME restart``) without touching anyone else's."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from dataclasses import dataclass

from sqlalchemy import create_engine, text

SHARED_ADMIN = os.environ.get("CHASER_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@dataclass
class Database:
    """One database for one run; ``restart()`` restarts its server when the suite owns it."""

    url: str
    admin_url: str
    name: str
    cluster: tuple[str, str] | None = None  # (version, name) of a private cluster

    @property
    def restartable(self) -> bool:
        return self.cluster is not None

    def restart(self) -> None:
        """Restart the private cluster (a fast shutdown: every connection is cut, as in a failover)."""
        assert self.cluster is not None, "only a private cluster is restarted"
        subprocess.run(["pg_ctlcluster", *self.cluster, "restart", "-m", "fast"], check=True, capture_output=True,
                       timeout=120)

    def drop(self) -> None:
        if self.cluster is not None:
            subprocess.run(["pg_dropcluster", *self.cluster, "--stop"], capture_output=True, timeout=120)
            return
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        admin.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _create(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def private_cluster_possible() -> bool:
    """Debian's cluster tools are installed and we may run them (root)."""
    return bool(shutil.which("pg_createcluster")) and os.geteuid() == 0


def fresh_database(*, private: bool) -> Database:
    """A new empty database: on a new private cluster (``private``), else on the shared server."""
    name = f"chaser_faults_{uuid.uuid4().hex[:10]}"
    if not private:
        _create(SHARED_ADMIN, name)
        return Database(url=SHARED_ADMIN.rsplit("/", 1)[0] + f"/{name}", admin_url=SHARED_ADMIN, name=name)
    version = sorted(os.listdir("/usr/lib/postgresql"))[-1]
    cluster, port = f"faults{uuid.uuid4().hex[:6]}", _free_port()
    subprocess.run(["pg_createcluster", version, cluster, "-p", str(port), "--start", "--",
                    "--auth-host=trust", "--auth-local=trust"], check=True, capture_output=True, timeout=300)
    admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    _create(admin_url, name)
    return Database(url=admin_url.rsplit("/", 1)[0] + f"/{name}", admin_url=admin_url, name=name,
                    cluster=(version, cluster))
