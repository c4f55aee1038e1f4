"""The rows migrations write, kept with the test database and put back after every flush.

Why: data migrations fill tables the tests rely on (permissions and Wagtail's groups and
workflows, the page tree root, 根目录 collection, 主题/体裁分类, the search dictionary and
synonym sets, calendar years, default channels). A transactional test (TransactionTestCase,
pytest-django's ``transactional_db`` and ``live_server``) ends with ``flush``, which empties
every table; only post_migrate handlers (content types, permissions) run again. In one run
this went unnoticed because pytest-django orders transactional tests last, but with
``--reuse-db`` the next run started on the emptied database and failed.

Django's own answer, ``serialized_rollback``, loads the snapshot *before* each such test and
still leaves the database flushed at the end, and its snapshot is taken from whatever the
reused database holds. Here the snapshot is taken once, right after the migrations built the
database, stored in a table of its own inside that database (``flush`` only empties model
tables, so the snapshot survives it and goes away with the database), keyed by the applied
migrations, and loaded back (1) after every flush, through post_migrate, and (2) at the start
of a ``--reuse-db`` run if the database no longer matches it (a run stopped mid-test).
"""

import hashlib
import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Min, Model
from django.db.models.signals import post_migrate

SNAPSHOT_TABLE = "gongkai_test_migration_data"


def migrations_key(connection: BaseDatabaseWrapper) -> str:
    """A digest of the applied migrations: a new migration means a new snapshot."""
    applied = sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder(connection).applied_migrations()
    )
    return hashlib.sha256("\n".join(applied).encode()).hexdigest()


def _snapshot_table_exists(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        return SNAPSHOT_TABLE in connection.introspection.table_names(cursor)


def _read_snapshot(connection: BaseDatabaseWrapper, key: str) -> dict[str, Any] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content FROM {SNAPSHOT_TABLE} WHERE migrations = %s",  # noqa: S608
            [key],
        )
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per serialized model: a cheap check that the database still holds the
    snapshot (a run stopped inside a transactional test leaves it flushed or changed)."""
    return {
        model._meta.label: model._base_manager.using(connection.alias).count()
        for model in _serialized_models(connection)
    }


def _serialized_models(connection: BaseDatabaseWrapper) -> list[type[Model]]:
    # The models Django's serialized_rollback covers (creation.serialize_db_to_string).
    from django.db.migrations.loader import MigrationLoader

    migrated = MigrationLoader(connection).migrated_apps
    return [
        model
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label in migrated
        for model in config.get_models()
        if model._meta.can_migrate(connection)
    ]


def take_snapshot(connection: BaseDatabaseWrapper, key: str) -> None:
    content = json.dumps(
        {
            "data": connection.creation.serialize_db_to_string(),
            "counts": _row_counts(connection),
        }
    )
    with connection.cursor() as cursor:
        if not _snapshot_table_exists(connection):
            cursor.execute(
                f"CREATE TABLE {SNAPSHOT_TABLE} "
                "(migrations varchar(64) PRIMARY KEY, content text NOT NULL)"
            )
        cursor.execute(
            f"DELETE FROM {SNAPSHOT_TABLE} WHERE migrations = %s",  # noqa: S608
            [key],
        )
        cursor.execute(
            f"INSERT INTO {SNAPSHOT_TABLE} (migrations, content) VALUES (%s, %s)",  # noqa: S608
            [key, content],
        )


def load_snapshot(connection: BaseDatabaseWrapper, snapshot: dict[str, Any]) -> None:
    """Empty the model tables and write the snapshot's rows back.

    Faster than Django's deserialize_db_from_string (one UPDATE and one INSERT per row):
    rows go in with bulk_create per model; only multi-table children (Wagtail page types),
    which bulk_create refuses, are saved one by one. No model signals are sent, as for
    the migrations' own historical models.
    """
    alias = connection.alias
    # Build every object before the flush: building a page looks up its content type
    # and would otherwise create that row again in the emptied table.
    deserialized = list(serializers.deserialize("json", snapshot["data"], using=alias))
    call_command(
        "flush",
        database=alias,
        interactive=False,
        verbosity=0,
        reset_sequences=False,
        inhibit_post_migrate=True,
    )
    by_model: dict[type[Model], list[Any]] = defaultdict(list)
    for row in deserialized:
        by_model[type(row.object)].append(row)
    with transaction.atomic(using=alias), connection.constraint_checks_disabled():
        for model, rows in by_model.items():
            if model._meta.parents:
                for row in rows:
                    Model.save_base(row.object, using=alias, raw=True)
            else:
                model._base_manager.using(alias).bulk_create(
                    [row.object for row in rows], batch_size=500
                )
        for rows in by_model.values():
            for row in rows:
                for accessor, related in (row.m2m_data or {}).items():
                    getattr(row.object, accessor).set(related)
        connection.check_constraints(table_names=[m._meta.db_table for m in by_model])
    # The content-type cache may hold ids that the flush's post_migrate handed out.
    ContentType.objects.clear_cache()
    # Explicit primary keys went in: move the sequences past them (PostgreSQL).
    statements = connection.ops.sequence_reset_sql(no_style(), list(by_model))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


class StaleTestDatabase(Exception):
    """A reused test database from before the snapshot, possibly already flushed."""


def ensure_seeded(alias: str, run_started: datetime) -> str:
    """At the start of a run: snapshot a freshly migrated database, or bring a reused
    one back to its snapshot. Returns what was done, for the run's header."""
    connection = connections[alias]
    key = migrations_key(connection)
    has_table = _snapshot_table_exists(connection)
    snapshot = _read_snapshot(connection, key) if has_table else None
    if snapshot is not None:
        if _row_counts(connection) != snapshot["counts"]:
            load_snapshot(connection, snapshot)
            return "restored from snapshot"
        return "matches snapshot"
    first_applied = MigrationRecorder.Migration.objects.using(alias).aggregate(
        first=Min("applied")
    )["first"]
    if not has_table and first_applied is not None and first_applied < run_started:
        # Reused, but never snapshotted: an earlier run may have flushed it.
        raise StaleTestDatabase(alias)
    # Migrated by this run, or a reused database that new migrations were applied
    # to (every flush puts the data back, so it held the seeded rows before them).
    take_snapshot(connection, key)
    return "snapshot taken"


def _restore_after_flush(
    sender: Any, using: str, plan: Any = None, **kwargs: Any
) -> None:
    # post_migrate from `flush` has no plan; from `migrate` it has one (even if empty).
    if plan is not None:
        return
    connection = connections[using]
    snapshot = _read_snapshot(connection, migrations_key(connection))
    if snapshot is not None:
        load_snapshot(connection, snapshot)


def connect_restore_after_flush() -> None:
    """post_migrate is sent once per app, in app order, by every flush that does not
    inhibit it; listening for the last app runs after content types and permissions."""
    last_app = list(apps.get_app_configs())[-1]
    post_migrate.connect(
        _restore_after_flush, sender=last_app, dispatch_uid="gongkai-test-restore"
    )
