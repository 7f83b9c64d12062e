"""The database as a logical dump: one Parquet file per table, loadable into SQLite or
PostgreSQL (issue 15, §4; docs/operations.md).

Every concrete table of every installed model is written, auto-created many-to-many tables
and history tables included, but not the sessions (``SKIPPED_TABLES``). Each column has an
Arrow type fixed by its Django field (``arrow_type``), not guessed from the values, so a
table written from SQLite reads back exactly as one written from PostgreSQL: dates as dates,
times as UTC timestamps, decimals with their digits, JSON as its text.

Rows are read through Django's own connection (``values_list``, so each backend's
converters give the same Python values) inside one read transaction, so the dump is one
consistent state; not through ADBC, whose SQLite driver guesses a column's type from its
first rows and must run in a child process (``datasets.sqlite_child``), which cannot see
the transaction. Loading uses the microdata import's bulk paths (``datasets.services``):
``COPY`` from Arrow's CSV on PostgreSQL, ``executemany`` on SQLite, primary keys included.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models

# Sessions are logins in progress, signed with the secret key: a restore logs everyone out.
SKIPPED_TABLES = frozenset({"django_session"})
# Tables ``migrate`` fills by itself: a database holding only these is empty.
MIGRATE_FILLS = frozenset({"django_content_type", "auth_permission"})
# Rows per Arrow batch read from, or written to, the database.
BATCH_ROWS = 50_000

INTEGER_FIELDS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}
TEXT_FIELDS = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "GenericIPAddressField",
    "FilePathField",
    "FileField",
    "ImageField",
    "UUIDField",
    "JSONField",
}


class UnknownFieldType(Exception):
    """A field type the dump has no Arrow type for (a new kind of field in a model)."""


def dumped_models() -> list[type[models.Model]]:
    """Every model with a table of its own, each table once, in dependency order: a table
    comes after the tables its foreign keys point to (self references aside)."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in SKIPPED_TABLES:
            continue
        found.setdefault(meta.db_table, model)
    ordered: list[type[models.Model]] = []
    placed: set[str] = set()

    def place(model: type[models.Model]) -> None:
        table = model._meta.db_table
        if table in placed:
            return
        placed.add(table)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and target._meta.db_table in found:
                place(found[target._meta.db_table])
        ordered.append(model)

    for table in sorted(found):
        place(found[table])
    return ordered


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def stored_field(field: models.Field) -> models.Field:
    """The field whose values a column holds: a foreign key holds its target's."""
    return field.target_field if field.is_relation else field  # type: ignore[attr-defined]


def arrow_type(field: models.Field) -> pa.DataType:
    """The Arrow type of a field's column in the dump."""
    kind = stored_field(field).get_internal_type()
    if kind in INTEGER_FIELDS:
        return pa.int64()
    if kind in TEXT_FIELDS:
        return pa.string()
    if kind == "FloatField":
        return pa.float64()
    if kind == "BooleanField":
        return pa.bool_()
    if kind == "DateField":
        return pa.date32()
    if kind == "DateTimeField":
        return pa.timestamp("us", "UTC")
    if kind == "DecimalField":
        target = stored_field(field)
        return pa.decimal128(target.max_digits, target.decimal_places)  # type: ignore[attr-defined]
    raise UnknownFieldType(f"{field.model._meta.label}.{field.name}: {kind}")


def arrow_schema(model: type[models.Model]) -> pa.Schema:
    return pa.schema(
        [pa.field(field.column, arrow_type(field)) for field in model._meta.concrete_fields]
    )


def to_arrow_value(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of the field becomes its Arrow value (None: as it is)."""
    kind = stored_field(field).get_internal_type()
    if kind == "JSONField":
        encoder = getattr(field, "encoder", None)
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if kind == "UUIDField":
        return lambda value: None if value is None else str(value)
    return None


def read_batches(model: type[models.Model], using: str) -> Iterator[pa.RecordBatch]:
    """The model's rows in primary-key order, as Arrow batches of ``arrow_schema``."""
    fields = model._meta.concrete_fields
    schema = arrow_schema(model)
    converters = [to_arrow_value(field) for field in fields]
    rows = (
        model._base_manager.using(using)
        .order_by("pk")
        .values_list(*(field.attname for field in fields))
        .iterator(chunk_size=BATCH_ROWS)
    )
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            yield to_batch(batch, schema, converters)
            batch = []
    if batch:
        yield to_batch(batch, schema, converters)


def to_batch(
    rows: list[tuple[Any, ...]],
    schema: pa.Schema,
    converters: list[Callable[[Any], Any] | None],
) -> pa.RecordBatch:
    columns = []
    for index, (field, convert) in enumerate(zip(schema, converters, strict=True)):
        values = [row[index] for row in rows]
        if convert is not None:
            values = [convert(value) for value in values]
        columns.append(pa.array(values, type=field.type))
    return pa.record_batch(columns, schema=schema)


def write_table(model: type[models.Model], path: Path, using: str = "default") -> int:
    """Write the model's table to ``path`` as Parquet; returns the number of rows."""
    count = 0
    with pq.ParquetWriter(path, arrow_schema(model), compression="zstd") as writer:
        for batch in read_batches(model, using):
            writer.write_batch(batch)
            count += batch.num_rows
    return count


def existing_tables(using: str = "default") -> set[str]:
    return set(connections[using].introspection.table_names())


def holds_data(using: str = "default") -> list[str]:
    """The tables of the dump that hold rows, but those ``migrate`` fills by itself."""
    connection = connections[using]
    present = existing_tables(using)
    full = []
    with connection.cursor() as cursor:
        for model in dumped_models():
            table = model._meta.db_table
            if table in MIGRATE_FILLS or table not in present:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                full.append(table)
    return full


def empty_tables(tables: list[str], using: str = "default") -> None:
    """Delete every row of ``tables`` (in the caller's transaction)."""
    connection = connections[using]
    names = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(names)} CASCADE")
        else:
            for name in reversed(names):
                cursor.execute(f"DELETE FROM {name}")


def load_table(model: type[models.Model], path: Path, using: str = "default") -> int:
    """Insert the rows of the Parquet file ``path`` into the model's table, primary keys
    included (in the caller's transaction); returns the number of rows."""
    connection = connections[using]
    fields = model._meta.concrete_fields
    parquet = pq.ParquetFile(path)
    expected = arrow_schema(model)
    if not parquet.schema_arrow.equals(expected):
        raise ValueError(f"{path.name}: the columns are not those of {model_label(model)}")
    quote_name = connection.ops.quote_name
    table_name = quote_name(model._meta.db_table)
    column_list = ", ".join(quote_name(field.column) for field in fields)
    count = 0
    connection.ensure_connection()
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
        if connection.vendor == "postgresql":
            copy_csv(connection, table_name, column_list, batch)
        else:
            placeholders = ", ".join("?" for _ in fields)
            sql = f"INSERT INTO {table_name} ({column_list}) VALUES ({placeholders})"
            values = [
                sqlite_column(connection, field, column)
                for field, column in zip(fields, batch.columns, strict=True)
            ]
            raw = connection.connection
            assert raw is not None
            raw.executemany(sql, zip(*values, strict=True))
        count += batch.num_rows
    return count


def copy_csv(connection: Any, table_name: str, column_list: str, batch: pa.RecordBatch) -> None:
    """``COPY`` a batch into a PostgreSQL table as Arrow's CSV (null is an empty field, an
    empty text a quoted one, as ``datasets.services.bulk_load`` relies on too)."""
    buffer = io.BytesIO()
    pacsv.write_csv(batch, buffer, pacsv.WriteOptions(include_header=False))
    copy_sql = f"COPY {table_name} ({column_list}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        copy.write(buffer.getbuffer())


def sqlite_column(connection: Any, field: models.Field, column: pa.Array) -> list[Any]:
    """A column's values as Django stores them on SQLite."""
    from attraktiv.datasets.services import sqlite_values

    kind = stored_field(field).get_internal_type()
    if kind in {"DecimalField", "UUIDField"}:
        target = stored_field(field)
        return [
            None if value is None else target.get_db_prep_save(target.to_python(value), connection)
            for value in column.to_pylist()
        ]
    return sqlite_values(connection, column)


def reset_sequences(using: str = "default") -> None:
    """Set each table's id sequence past its largest id (PostgreSQL; SQLite's own
    ``sqlite_sequence`` follows explicit ids by itself)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), dumped_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
