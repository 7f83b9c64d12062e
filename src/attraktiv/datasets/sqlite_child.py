"""Reading a SQLite database through ADBC in a child process (no Django here).

Django's ``sqlite3`` module and the ADBC driver each bring their own SQLite library. Two SQLite
libraries on one WAL database in one process do not see each other's POSIX locks: the driver's
connection takes itself for the only one, rebuilds the shared WAL index, and Django's open
connection then touches a shrunken memory map and dies of SIGBUS (seen after a large import in
the same process, issue 6). In a process of its own the driver's connection locks correctly,
as any other reader would.

The child is a fresh interpreter (``python -m attraktiv.datasets.sqlite_child``): it is told
the database, the queries and a folder on standard input (JSON), writes each result there as
an Arrow IPC file and prints each query's name as it begins.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pyarrow as pa


def read_queries(
    database: str, queries: Mapping[str, str], progress: Callable[[str], None] | None = None
) -> dict[str, pa.Table]:
    """Each named query's Arrow table, read by one child process."""
    with tempfile.TemporaryDirectory(prefix="attraktiv-extract-") as folder:
        errors = Path(folder) / "errors.txt"
        request = {"database": database, "folder": folder, "queries": dict(queries)}
        with errors.open("w", encoding="utf-8") as error_stream:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=error_stream,
                text=True,
            )
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(json.dumps(request))
            child.stdin.close()
            for line in child.stdout:
                if progress:
                    progress(line.strip())
            code = child.wait()
        if code:
            last = (errors.read_text(encoding="utf-8").strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"Reading {database} through ADBC failed: {last}")
        return {
            name: read_arrow_file(Path(folder) / f"{index}.arrow")
            for index, name in enumerate(queries)
        }


def read_arrow_file(path: Path) -> pa.Table:
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def write_query_results(database: str, folder: str, queries: Mapping[str, str]) -> None:
    """In the child: run each query on ``database`` (read-only) into ``folder/<n>.arrow``."""
    import adbc_driver_sqlite.dbapi

    connection = adbc_driver_sqlite.dbapi.connect(Path(database).resolve().as_uri() + "?mode=ro")
    try:
        for index, (name, query) in enumerate(queries.items()):
            print(name, flush=True)
            with connection.cursor() as cursor:
                cursor.execute(query)
                table = cursor.fetch_arrow_table()
            path = Path(folder) / f"{index}.arrow"
            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
    finally:
        connection.close()


if __name__ == "__main__":
    request = json.load(sys.stdin)
    write_query_results(request["database"], request["folder"], request["queries"])
