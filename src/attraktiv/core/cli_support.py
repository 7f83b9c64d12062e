"""What the data commands share: reading a data set with its errors, and progress bars."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from attraktiv.hrdata.mapping import MappingError, load_mapping
from attraktiv.hrdata.reader import DatasetError, ReadResult, format_issues, read_dataset


def read_dataset_or_exit(
    command: BaseCommand, folder: Path, mapping_path: Path | None
) -> ReadResult:
    """Read and validate a data set; on bad input print every error and exit with 2."""
    if not folder.is_dir():
        raise CommandError(f"{folder}: mappen finns inte", returncode=2)
    try:
        mapping = load_mapping(mapping_path) if mapping_path else None
        result = read_dataset(folder, pseudonym_key=settings.PSEUDONYM_KEY, mapping=mapping)
    except MappingError as error:
        raise CommandError(str(error), returncode=2) from error
    except DatasetError as error:
        for line in format_issues(error.warnings):
            command.stderr.write(f"varning: {line}")
        for line in format_issues(error.errors):
            command.stderr.write(line)
        raise CommandError(
            f"{len(error.errors)} fel i {folder}; inget har lästs in eller beräknats.",
            returncode=2,
        ) from error
    for line in format_issues(result.warnings):
        command.stderr.write(f"varning: {line}")
    return result


@contextlib.contextmanager
def with_progress(command: BaseCommand, label: str) -> Iterator[Callable[[float], None]]:
    """A rich progress bar on stderr; yields a callback taking the fraction done."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f} %"),
        TimeElapsedColumn(),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    with progress:
        task = progress.add_task(label, total=1.0)
        yield lambda fraction: progress.update(task, completed=fraction)
