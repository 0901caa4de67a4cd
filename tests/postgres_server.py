"""A throwaway PostgreSQL server for the tests: a cluster in a temporary folder, on a Unix socket
in that folder (no TCP port), started once per test session and stopped at its end. Under
`pytest -n N` each worker is a session of its own and starts its own server, in its own folder:
no worker sees another's databases, and none waits on a lock.

The server refuses to run as root, so when the tests run as root the cluster belongs to an
unprivileged user (`nobody`), its folder handed to it; every connection needs a password
(scram-sha-256), so that the tests see the password kept out of what assessor says.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

INSTALL = (
    "the PostgreSQL tests need the PostgreSQL server's programs (initdb, pg_ctl): install them "
    "with `apt-get install -y postgresql` (or your system's postgresql server package)"
)
UNPRIVILEGED = "nobody"


def server_programs() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest in /usr/lib/postgresql."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(versions[-1]).parent if versions else None


@dataclass
class Server:
    folder: Path
    programs: Path
    password: str
    user: str = "assessor_test"

    @property
    def socket_folder(self) -> Path:
        return self.folder / "socket"

    def address(self, database: str = "postgres") -> str:
        """An address with the password in it, on the server's socket."""
        return (
            f"postgresql://{self.user}:{quote(self.password, safe='')}@/{database}"
            f"?host={self.socket_folder}"
        )

    def new_database(self, name: str) -> str:
        """Make an empty database; its address."""
        import psycopg

        with psycopg.connect(self.address(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.address(name)


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", UNPRIVILEGED, "--", *command]


def start(owner: str = "main") -> Server:
    """Make and start a cluster for one test session (`owner`: the xdist worker's id, which
    names its folder); raises RuntimeError with INSTALL when there is no server."""
    programs = server_programs()
    if programs is None:
        raise RuntimeError(INSTALL)
    folder = Path(tempfile.mkdtemp(prefix=f"assessor-pg-{owner}-"))
    password = secrets.token_urlsafe(18)
    server = Server(folder=folder, programs=programs, password=password)
    server.socket_folder.mkdir()
    (folder / "password").write_text(password + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        folder.chmod(0o700)
        subprocess.run(["chown", "-R", UNPRIVILEGED, str(folder)], check=True)
    data = folder / "data"
    subprocess.run(
        _as_server_user(
            [
                str(programs / "initdb"),
                "-D",
                str(data),
                "-U",
                server.user,
                f"--pwfile={folder / 'password'}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{server.socket_folder}' "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_server_user(
            [
                str(programs / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "server.log"),
                "-o",
                options,
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    return server


def stop(server: Server) -> None:
    subprocess.run(
        _as_server_user(
            [
                str(server.programs / "pg_ctl"),
                "-D",
                str(server.folder / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            ]
        ),
        capture_output=True,
    )
    shutil.rmtree(server.folder, ignore_errors=True)
